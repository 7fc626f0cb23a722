package io.shardedjdbc.sql;

import io.shardedjdbc.config.TableSpec;

/** One occurrence of a table in a statement (a self-join has two). Identity matters: no equals override. */
final class TableRef {
    final String name;
    /** Null when the topology does not list the table. */
    final TableSpec spec;
    final Block block;
    /** INSERT targets get their key from the VALUES rows or the SELECT list, not from conditions. */
    private boolean explicitKeyGiven;
    private KeyExpr explicitKey;

    TableRef(String name, TableSpec spec, Block block) {
        this.name = name;
        this.spec = spec;
        this.block = block;
    }

    boolean isSharded() {
        return spec != null && spec.sharded() && spec.keyColumn() != null;
    }

    void explicitKey(KeyExpr key) {
        explicitKeyGiven = true;
        explicitKey = key;
    }

    KeyExpr key() {
        if (explicitKeyGiven) {
            return explicitKey;
        }
        return block.graph.valueOf(new ColumnNode(this, spec.keyColumn()));
    }

    @Override
    public String toString() {
        return name;
    }
}
