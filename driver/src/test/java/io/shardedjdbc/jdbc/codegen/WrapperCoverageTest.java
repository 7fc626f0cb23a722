package io.shardedjdbc.jdbc.codegen;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every java.sql interface method of every JDBC class the driver hands out is either written by hand or generated. */
class WrapperCoverageTest {

    @Test
    void everyInterfaceMethodIsWrittenOrGenerated() throws Exception {
        int written = 0;
        int generated = 0;
        for (JdbcClassGenerator.Target target : JdbcClassGenerator.TARGETS) {
            Class<?> concrete = Class.forName(JdbcClassGenerator.PACKAGE + target.generatedName());
            assertFalse(Modifier.isAbstract(concrete.getModifiers()), concrete + " must be concrete");
            assertTrue(target.api().isAssignableFrom(concrete));
            Set<Method> missing = new HashSet<>(JdbcClassGenerator.missingMethods(target.base(), target.api()));
            for (Method m : target.api().getMethods()) {
                if (Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                Method impl = concrete.getMethod(m.getName(), m.getParameterTypes());
                assertFalse(Modifier.isAbstract(impl.getModifiers()), target.api().getSimpleName() + "." + m.getName());
                if (missing.contains(m)) {
                    assertEquals(concrete, impl.getDeclaringClass(), m + " should be generated");
                    generated++;
                } else {
                    assertFalse(impl.getDeclaringClass() == concrete, m + " is written by hand, not generated");
                    written++;
                }
            }
        }
        assertTrue(written > 150, "hand-written methods: " + written);
        assertTrue(generated > 300, "generated methods: " + generated);
    }

    @Test
    void theGeneratorCoversTheDriversJdbcInterfaces() {
        List<Class<?>> apis = JdbcClassGenerator.TARGETS.stream().<Class<?>>map(JdbcClassGenerator.Target::api).toList();
        for (Class<?> api : List.of(java.sql.Connection.class, java.sql.Statement.class,
                java.sql.PreparedStatement.class, java.sql.ResultSet.class, java.sql.DatabaseMetaData.class,
                java.sql.ResultSetMetaData.class)) {
            assertTrue(apis.contains(api), api.getName());
        }
    }
}
