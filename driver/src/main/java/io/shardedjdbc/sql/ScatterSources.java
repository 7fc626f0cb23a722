package io.shardedjdbc.sql;

import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Whether every row of a cross-shard read comes from exactly one row of its sharded table. Only then is the union
 * of the shards' rows the answer: a row that broadcast tables produce without a sharded row behind it (the outer
 * side of a LEFT JOIN to the sharded table, a subquery over it in WHERE or the select list) would come back once
 * from every shard.
 */
final class ScatterSources {
    private ScatterSources() {
    }

    /** @return null when the sharded table is a row source of the outer query, else the construct that is not */
    static String problem(PlainSelect select, Set<String> shardedTables) {
        List<FromItem> items = new ArrayList<>();
        items.add(select.getFromItem());
        List<Join> joins = select.getJoins() == null ? List.of() : select.getJoins();
        for (Join join : joins) {
            items.add(join.getRightItem());
        }
        int sharded = -1;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Table t && t.getName() != null
                    && shardedTables.contains(Names.normalize(t.getName()))) {
                sharded = i;
            }
        }
        if (sharded < 0) {
            return "a sharded table read only inside a subquery, derived table or parenthesized join (the outer"
                    + " rows would come back from every shard: join the sharded table in the outer FROM)";
        }
        for (int j = 1; j < items.size(); j++) {
            Join join = joins.get(j - 1);
            String name = tableName(items.get(sharded));
            if (join.isFull()) {
                return "FULL JOIN next to the sharded table " + name + " (its unmatched rows of other tables would"
                        + " come back from every shard)";
            }
            if (join.isLeft() && j == sharded) {
                return "LEFT JOIN to the sharded table " + name + " (rows without a match would come back from"
                        + " every shard: put " + name + " first, or use an inner join)";
            }
            if (join.isRight() && sharded < j) {
                return "RIGHT JOIN from the sharded table " + name + " (rows without a match would come back from"
                        + " every shard: use a LEFT JOIN from " + name + ", or an inner join)";
            }
        }
        return null;
    }

    private static String tableName(FromItem item) {
        return ((Table) item).getName();
    }
}
