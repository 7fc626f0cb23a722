package io.shardedjdbc.itest.compat;

import io.shardedjdbc.ShardedConnection;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** SCRATCH: logs every JDBC call a tool makes, with the driver's routing verdict for each SQL text. */
final class SqlRecorder {
    private static final Set<String> QUIET = Set.of("toString", "hashCode", "equals", "isClosed", "getAutoCommit",
            "isWrapperFor", "unwrap", "getWarnings", "clearWarnings", "close", "getResultSet", "getUpdateCount",
            "getMoreResults", "getGeneratedKeys", "setFetchSize", "setQueryTimeout", "setMaxRows", "getConnection",
            "setEscapeProcessing", "setPoolable", "getLargeUpdateCount");
    private final PrintWriter out;
    private final ShardedConnection explainer;
    private final DataSource target;

    SqlRecorder(Path file, DataSource target, ShardedConnection explainer) {
        try {
            Files.createDirectories(file.getParent());
            out = new PrintWriter(Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.target = target;
        this.explainer = explainer;
    }

    DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
                (p, m, a) -> {
                    Object r = invoke(m, target, a);
                    if (r instanceof Connection c) {
                        out.println("== getConnection " + System.identityHashCode(c));
                        return wrap(c, Connection.class, "conn" + System.identityHashCode(c) % 1000);
                    }
                    return r;
                });
    }

    void note(String text) {
        out.println("#### " + text);
    }

    private static Object invoke(Method m, Object target, Object[] a) throws Throwable {
        try {
            return m.invoke(target, a);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T wrap(T target, Class<T> type, String name) {
        InvocationHandler handler = new Handler(target, name);
        return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{type}, handler);
    }

    private final class Handler implements InvocationHandler {
        final Object target;
        final String name;
        String sql;
        final Map<Integer, Object> params = new TreeMap<>();
        final List<Object[]> batch = new ArrayList<>();
        final List<String> batchSql = new ArrayList<>();

        Handler(Object target, String name) {
            this.target = target;
            this.name = name;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] a) throws Throwable {
            String method = m.getName();
            if (method.equals("unwrap") && a[0] instanceof Class<?> c && c.isInstance(proxy)) {
                return proxy;
            }
            if (method.startsWith("set") && target instanceof PreparedStatement && a != null && a.length >= 2
                    && a[0] instanceof Integer i) {
                params.put(i, a[1]);
                return SqlRecorder.invoke(m, target, a);
            }
            if (method.equals("clearParameters")) {
                params.clear();
            }
            String text = null;
            if (method.equals("addBatch")) {
                if (a != null && a.length == 1) {
                    batchSql.add((String) a[0]);
                } else {
                    batch.add(params.values().toArray());
                }
                return SqlRecorder.invoke(m, target, a);
            }
            if (method.startsWith("execute") || method.equals("addBatch")) {
                String s = a != null && a.length >= 1 && a[0] instanceof String str ? str : sql;
                if (method.equals("executeBatch") || method.equals("executeLargeBatch")) {
                    if (!batchSql.isEmpty()) {
                        text = name + "." + method + " " + batchSql.size() + " texts: " + verdicts(batchSql);
                    } else {
                        text = name + "." + method + " x" + batch.size() + " [" + oneLine(sql) + "] "
                                + (batch.isEmpty() ? "" : verdict(sql, batch.get(0)));
                    }
                    batch.clear();
                    batchSql.clear();
                } else {
                    Object[] values = a != null && a.length >= 1 && a[0] instanceof String ? new Object[0]
                            : params.values().toArray();
                    text = name + "." + method + " [" + oneLine(s) + "] params=" + Arrays.toString(values)
                            + "  => " + verdict(s, values);
                }
            } else if (!QUIET.contains(method)) {
                text = name + "." + method + (a == null ? "()" : Arrays.toString(a));
            }
            Object r;
            try {
                r = SqlRecorder.invoke(m, target, a);
            } catch (SQLException e) {
                out.println((text == null ? name + "." + method : text) + "\n      !! " + CompatFleet.describe(e));
                throw e;
            }
            if (text != null) {
                out.println(text + (r instanceof Boolean || r instanceof Number || r instanceof String ? " -> " + r : ""));
            }
            if (r instanceof CallableStatement cs) {
                return child(cs, CallableStatement.class, a);
            }
            if (r instanceof PreparedStatement ps) {
                return child(ps, PreparedStatement.class, a);
            }
            if (r instanceof Statement st) {
                return wrap(st, Statement.class, name + ".st");
            }
            if (r instanceof DatabaseMetaData md) {
                return wrap(md, DatabaseMetaData.class, name + ".md");
            }
            return r;
        }

        private <T extends Statement> T child(T st, Class<T> type, Object[] a) {
            Handler h = new Handler(st, name + ".ps");
            h.sql = a != null && a.length >= 1 && a[0] instanceof String s ? s : null;
            @SuppressWarnings("unchecked")
            T proxy = (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{type}, h);
            return proxy;
        }
    }

    private String verdicts(List<String> texts) {
        StringBuilder b = new StringBuilder();
        for (String t : texts) {
            b.append("\n      [").append(oneLine(t)).append("] => ").append(verdict(t, new Object[0]));
        }
        return b.toString();
    }

    private String verdict(String sql, Object[] values) {
        if (explainer == null || sql == null) {
            return "";
        }
        try {
            return explainer.explain(sql, values);
        } catch (SQLException e) {
            return "REFUSED " + e.getSQLState() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            return "EXPLAIN FAILED " + e;
        }
    }

    private static String oneLine(String sql) {
        return sql == null ? null : sql.strip().replaceAll("\\s+", " ");
    }
}
