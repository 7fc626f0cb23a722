package io.shardedjdbc.jdbc;

import io.shardedjdbc.ShardedDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Comparator;
import java.util.List;
import java.util.TimeZone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every PreparedStatement setter is recorded and replayed as the very same call (no server needed). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParameterReplayTest {
    private ShardedDataSource dataSource;

    @BeforeAll
    void setUp() throws Exception {
        Path file = Files.createTempFile("replay", ".yaml");
        Files.writeString(file, "shards:\n  - name: s0\n    primary: jdbc:postgresql://127.0.0.1:9/none\n"
                + "defaultShard: s0\n");
        dataSource = new ShardedDataSource("jdbc:sharded:file:" + file);
    }

    @AfterAll
    void tearDown() {
        dataSource.close();
    }

    private record Call(Method method, List<Object> args) {
    }

    private static Object sample(Class<?> type, int index) {
        if (type == int.class) {
            return index;
        }
        if (type == long.class) {
            return 1000L + index;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == byte.class) {
            return (byte) 7;
        }
        if (type == short.class) {
            return (short) 8;
        }
        if (type == float.class) {
            return 1.5f;
        }
        if (type == double.class) {
            return 2.5d;
        }
        if (type == String.class) {
            return "text" + index;
        }
        if (type == Object.class) {
            return "object" + index;
        }
        if (type == BigDecimal.class) {
            return new BigDecimal("12.34");
        }
        if (type == byte[].class) {
            return new byte[]{1, 2, 3};
        }
        if (type == Date.class) {
            return Date.valueOf("2026-11-21");
        }
        if (type == Time.class) {
            return Time.valueOf("10:11:12");
        }
        if (type == Timestamp.class) {
            return Timestamp.valueOf("2026-11-21 10:11:12");
        }
        if (type == Calendar.class) {
            return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        }
        if (type == InputStream.class) {
            return new ByteArrayInputStream(new byte[]{4});
        }
        if (type == Reader.class) {
            return new StringReader("r");
        }
        if (type == SQLType.class) {
            return JDBCType.BIGINT;
        }
        if (type == URL.class) {
            try {
                return new URL("http://example.invalid/");
            } catch (java.net.MalformedURLException e) {
                throw new AssertionError(e);
            }
        }
        if (type.isInterface()) {
            return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (p, m, a) -> null);
        }
        throw new AssertionError("no sample for " + type);
    }

    @Test
    void everySetterIsReplayedWithTheSameArguments() throws Exception {
        List<Method> setters = new ArrayList<>();
        for (Method m : PreparedStatement.class.getMethods()) {
            if (m.getDeclaringClass() == PreparedStatement.class && m.getName().startsWith("set")
                    && m.getParameterCount() >= 2 && m.getParameterTypes()[0] == int.class) {
                setters.add(m);
            }
        }
        setters.sort(Comparator.comparing(Method::toGenericString));
        assertTrue(setters.size() >= 50, "PreparedStatement setters found: " + setters.size());
        List<Call> made = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1")) {
            for (int i = 0; i < setters.size(); i++) {
                Method m = setters.get(i);
                Object[] args = new Object[m.getParameterCount()];
                args[0] = i + 1;
                for (int a = 1; a < args.length; a++) {
                    args[a] = sample(m.getParameterTypes()[a], i + 1);
                }
                m.invoke(ps, args);
                made.add(new Call(m, Arrays.asList(args)));
            }
            List<Call> replayed = new ArrayList<>();
            PreparedStatement recorder = (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{PreparedStatement.class}, (p, m, a) -> {
                        replayed.add(new Call(m, Arrays.asList(a)));
                        return null;
                    });
            ((ParameterStore) ((LogicalPreparedStatement) ps).parameters()).replay(recorder);
            assertEquals(made.size(), replayed.size());
            for (int i = 0; i < made.size(); i++) {
                Call want = made.get(i);
                Call got = replayed.get(i);
                assertEquals(want.method().getName(), got.method().getName(), "setter " + want.method());
                assertEquals(normalize(want), normalize(got), "arguments of " + want.method());
            }
        }
    }

    /** setDate(i, d) is replayed as setDate(i, d, null): the same call in pgjdbc. Compare without the trailing null. */
    private static List<Object> normalize(Call call) {
        List<Object> args = new ArrayList<>(call.args());
        while (args.size() > 2 && args.get(args.size() - 1) == null) {
            args.remove(args.size() - 1);
        }
        return args;
    }

    @Test
    void theBoundKeyIsReadWithoutBoxingForIntegerSetters() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1")) {
            ps.setInt(1, 42);
            ps.setString(2, "42");
            ParameterStore store = (ParameterStore) ((LogicalPreparedStatement) ps).parameters();
            assertTrue(store.isLong(1));
            assertEquals(42L, store.longValue(1));
            assertEquals("42", store.value(2));
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> store.value(3));
            assertEquals("22023", e.getSQLState());
        }
    }
}
