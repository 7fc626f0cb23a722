package io.shardedjdbc.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * A scope where column names resolve: one SELECT / UPDATE / DELETE / INSERT / MERGE body. Nested subqueries are
 * child blocks and may name the parent's tables (correlation); key values flow from parent to child only, because a
 * condition inside a subquery restricts the subquery's rows, not the enclosing statement's.
 */
final class Block {
    /** Marks a FROM entry that is not a table (derived table, CTE reference, function, {@code excluded}). */
    private static final Object NOT_A_TABLE = new Object();

    final Block parent;
    final Set<String> visibleCtes;
    final List<TableRef> tables = new ArrayList<>(2);
    final ColumnGraph graph;
    private final Map<String, Object> sources = new HashMap<>(4);
    private int nonTableSources;
    /** Select list of a plain SELECT, kept for INSERT ... SELECT key lookup. */
    List<SelectItem<?>> selectItems;

    Block(Block parent, Set<String> visibleCtes) {
        this.parent = parent;
        this.visibleCtes = visibleCtes;
        this.graph = new ColumnGraph(this);
    }

    void addTable(TableRef ref, String alias) {
        tables.add(ref);
        sources.put(alias != null ? alias : ref.name, ref);
    }

    void addNonTable(String alias) {
        nonTableSources++;
        if (alias != null) {
            sources.put(alias, NOT_A_TABLE);
        }
    }

    /** Resolves {@code qualifier.column} through this block and its parents; null when it is not a table's column. */
    ColumnNode resolveQualified(String qualifier, String column) {
        for (Block b = this; b != null; b = b.parent) {
            Object source = b.sources.get(qualifier);
            if (source != null) {
                return source instanceof TableRef ref ? new ColumnNode(ref, column) : null;
            }
        }
        return null;
    }

    /**
     * Resolves an unqualified column in this block only: the single table of the block, or else the single sharded
     * table whose key column has that name (PostgreSQL rejects an ambiguous name, so a statement that runs at all
     * means what this picks). Outer blocks are not searched: an unknown inner table may have the column too.
     */
    ColumnNode resolveUnqualified(String column) {
        if (tables.size() == 1 && nonTableSources == 0) {
            return new ColumnNode(tables.get(0), column);
        }
        TableRef found = null;
        for (TableRef ref : tables) {
            if (ref.isSharded() && ref.spec.keyColumn().equals(column)) {
                if (found != null) {
                    return null;
                }
                found = ref;
            }
        }
        return found == null ? null : new ColumnNode(found, column);
    }
}
