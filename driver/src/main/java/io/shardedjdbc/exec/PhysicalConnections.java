package io.shardedjdbc.exec;

import io.shardedjdbc.node.Node;

import java.sql.Connection;
import java.sql.SQLException;

/** Where a logical connection's physical connections come from and go back to. */
public interface PhysicalConnections {
    /** A connection to {@code node} with the logical connection's session replayed on it. */
    Connection borrow(Node node) throws SQLException;

    /** A transaction pinned {@code c} (auto-commit off, its modes applied): the transaction's own settings go on it. */
    default void pinned(Connection c) throws SQLException {
    }

    /** @return whether the logical connection set the server setting {@code name} itself (SET, set_config) */
    default boolean sets(String name) {
        return false;
    }

    /** Gives a borrowed connection back to its pool. */
    void giveBack(Connection c) throws SQLException;
}
