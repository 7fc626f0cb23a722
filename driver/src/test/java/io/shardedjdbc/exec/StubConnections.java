package io.shardedjdbc.exec;

import io.shardedjdbc.node.Node;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Physical connections for unit tests: each records the calls made on it as "c1.commit", "c2.setReadOnly(true)" in
 * one shared log, in call order, and a call can be made to fail.
 */
final class StubConnections implements PhysicalConnections {
    final List<String> log = new ArrayList<>();
    /** Calls that throw, as logged ("c2.commit"), and the SQLSTATE of what they throw. */
    final Set<String> failing = new HashSet<>();
    private final SessionSettings settings;
    private int made;

    /** @param settings replayed on every connection lent, as the real lender does; null: none */
    StubConnections(SessionSettings settings) {
        this.settings = settings;
    }

    @Override
    public Connection borrow(Node node) throws SQLException {
        String name = "c" + (++made);
        log.add(name + ".borrow(" + node.name() + ")");
        Connection c = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return name;
                    }
                    String call = name + "." + method.getName();
                    log.add(args == null || method.getName().equals("setNetworkTimeout") ? call
                            : call + "(" + args[0] + ")");
                    if (failing.contains(call)) {
                        throw new SQLException(call + " failed", "08006");
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });
        if (settings != null) {
            settings.replayOn(c);
        }
        return c;
    }

    @Override
    public void giveBack(Connection c) throws SQLException {
        String call = c + ".giveBack";
        log.add(call);
        if (failing.contains(call)) {
            throw new SQLException(call + " failed", "08006");
        }
    }

    /** The logged calls of one connection, in order, without its name. */
    List<String> of(String connection) {
        List<String> calls = new ArrayList<>();
        for (String entry : log) {
            if (entry.startsWith(connection + ".")) {
                calls.add(entry.substring(connection.length() + 1));
            }
        }
        return calls;
    }

    /** Nodes that are never connected to: the stub lends the connections. */
    static Node node(String name) {
        return new Node(name, "jdbc:postgresql://127.0.0.1:9/unused", false, 1, null, null, Map.of());
    }
}
