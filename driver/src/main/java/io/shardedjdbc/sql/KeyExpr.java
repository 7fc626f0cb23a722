package io.shardedjdbc.sql;

import java.util.List;

/** Where a statement's shard key value comes from. */
public sealed interface KeyExpr {

    /** A {@code ?} of the statement, numbered 1-based by textual position as JDBC does. */
    record Param(int index) implements KeyExpr {
    }

    /** A literal: {@link Long} for integer literals, {@link String} for string literals (UUID text included). */
    record Literal(Object value) implements KeyExpr {
    }

    /** {@code key = ANY(?)}: the parameter is bound to a {@code java.sql.Array} or a Java array of keys. */
    record AnyArray(int index) implements KeyExpr {
    }

    /**
     * Several candidate keys ({@code key IN (?, 3, ?)}, multi-row INSERT, one table reached in several UNION branches).
     * The statement stays on one shard only when every item maps to the same shard. Items are never InLists.
     */
    record InList(List<KeyExpr> items) implements KeyExpr {
        public InList {
            items = List.copyOf(items);
        }
    }
}
