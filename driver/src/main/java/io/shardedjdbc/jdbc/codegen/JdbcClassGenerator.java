package io.shardedjdbc.jdbc.codegen;

import io.shardedjdbc.jdbc.LogicalConnection;
import io.shardedjdbc.jdbc.LogicalMetaData;
import io.shardedjdbc.jdbc.LogicalPreparedStatement;
import io.shardedjdbc.jdbc.LogicalResultSet;
import io.shardedjdbc.jdbc.LogicalStatement;
import io.shardedjdbc.jdbc.RowsMetaData;
import io.shardedjdbc.jdbc.RowsResultSet;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.ExceptionMethod;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.MethodCall;
import net.bytebuddy.pool.TypePool;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Build-time generator (run by Maven in process-classes; not shipped): for every hand-written abstract JDBC class,
 * a concrete subclass whose remaining interface methods either delegate to the wrapped object or throw
 * {@link SQLFeatureNotSupportedException}; then rewrites {@code JdbcFactory} to construct them.
 */
public final class JdbcClassGenerator {
    /** What the generated methods of one class do. */
    private enum Fill { DELEGATE, UNSUPPORTED }

    /** One generated class: its base, the interface it completes, and the factory method that creates it. */
    record Target(Class<?> base, Class<?> api, String generatedName, String factoryMethod, Fill fill) {
    }

    static final String PACKAGE = "io.shardedjdbc.jdbc.";

    static final List<Target> TARGETS = List.of(
            new Target(LogicalConnection.class, Connection.class, "GeneratedConnection", "connection", Fill.UNSUPPORTED),
            new Target(LogicalStatement.class, Statement.class, "GeneratedStatement", "statement", Fill.UNSUPPORTED),
            new Target(LogicalPreparedStatement.class, PreparedStatement.class, "GeneratedPreparedStatement",
                    "preparedStatement", Fill.UNSUPPORTED),
            new Target(LogicalResultSet.class, ResultSet.class, "GeneratedResultSet", "resultSet", Fill.DELEGATE),
            new Target(LogicalMetaData.class, DatabaseMetaData.class, "GeneratedMetaData", "metaData", Fill.DELEGATE),
            new Target(RowsResultSet.class, ResultSet.class, "GeneratedRowsResultSet", "rowsResultSet",
                    Fill.UNSUPPORTED),
            new Target(RowsMetaData.class, ResultSetMetaData.class, "GeneratedRowsMetaData", "rowsMetaData",
                    Fill.UNSUPPORTED));

    private JdbcClassGenerator() {
    }

    public static void main(String[] args) throws Exception {
        File out = new File(args[0]);
        ByteBuddy byteBuddy = new ByteBuddy();
        List<DynamicType.Unloaded<?>> generated = new ArrayList<>();
        for (Target target : TARGETS) {
            DynamicType.Unloaded<?> type = generate(byteBuddy, target);
            type.saveIn(out);
            generated.add(type);
        }
        rewriteFactory(byteBuddy, out, generated);
    }

    /** The interface methods the hand-written class leaves abstract: exactly what is generated. */
    static List<Method> missingMethods(Class<?> base, Class<?> api) throws NoSuchMethodException {
        List<Method> missing = new ArrayList<>();
        for (Method m : api.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Method impl = base.getMethod(m.getName(), m.getParameterTypes());
            if (Modifier.isAbstract(impl.getModifiers())) {
                missing.add(m);
            }
        }
        return missing;
    }

    private static DynamicType.Unloaded<?> generate(ByteBuddy byteBuddy, Target target) throws Exception {
        DynamicType.Builder<?> builder = byteBuddy
                .subclass(target.base(), ConstructorStrategy.Default.IMITATE_SUPER_CLASS_OPENING)
                .name(PACKAGE + target.generatedName());
        for (Method m : missingMethods(target.base(), target.api())) {
            Implementation body = target.fill() == Fill.DELEGATE
                    ? MethodCall.invoke(m).onField("delegate").withAllArguments()
                    : ExceptionMethod.throwing(SQLFeatureNotSupportedException.class,
                    target.api().getSimpleName() + "." + m.getName() + " is not supported by sharded-jdbc");
            builder = builder.method(named(m.getName()).and(takesArguments(m.getParameterTypes()))
                    .and(returns(m.getReturnType()))).intercept(body);
        }
        return builder.make();
    }

    private static void rewriteFactory(ByteBuddy byteBuddy, File out, List<DynamicType.Unloaded<?>> generated)
            throws Exception {
        ClassFileLocator locator = new ClassFileLocator.Compound(new ClassFileLocator.ForFolder(out),
                ClassFileLocator.ForClassLoader.ofSystemLoader());
        TypeDescription factory = TypePool.Default.of(locator).describe(PACKAGE + "JdbcFactory").resolve();
        DynamicType.Builder<?> builder = byteBuddy.redefine(factory, locator);
        for (int i = 0; i < TARGETS.size(); i++) {
            MethodDescription constructor = generated.get(i).getTypeDescription().getDeclaredMethods()
                    .filter(isConstructor()).getOnly();
            builder = builder.method(named(TARGETS.get(i).factoryMethod()))
                    .intercept(MethodCall.construct(constructor).withAllArguments());
        }
        builder.make().saveIn(out);
    }
}
