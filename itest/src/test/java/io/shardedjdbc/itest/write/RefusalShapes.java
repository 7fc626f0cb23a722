package io.shardedjdbc.itest.write;

import io.shardedjdbc.itest.write.WriteStatement.Api;
import io.shardedjdbc.itest.write.WriteStatement.Expect;

import java.util.ArrayList;
import java.util.List;

import static io.shardedjdbc.itest.write.ShapeSupport.NO_KEY;
import static io.shardedjdbc.itest.write.ShapeSupport.SJ002;
import static io.shardedjdbc.itest.write.ShapeSupport.SJ006;
import static io.shardedjdbc.itest.write.ShapeSupport.SJ012;
import static io.shardedjdbc.itest.write.ShapeSupport.countApi;
import static io.shardedjdbc.itest.write.ShapeSupport.integer;
import static io.shardedjdbc.itest.write.ShapeSupport.key;
import static io.shardedjdbc.itest.write.ShapeSupport.keyList;
import static io.shardedjdbc.itest.write.ShapeSupport.name;
import static io.shardedjdbc.itest.write.ShapeSupport.qty;
import static io.shardedjdbc.itest.write.ShapeSupport.refuse;
import static io.shardedjdbc.itest.write.ShapeSupport.text;

/**
 * Statements the contract says the driver refuses, whatever {@code scatter} says: they are never run on the
 * reference, and the shards must be unchanged after them.
 */
final class RefusalShapes {
    private RefusalShapes() {
    }

    /**
     * An INSERT that gives no key: the column left out (wd_parts' key has a DEFAULT, so a server would take it), the
     * key written DEFAULT or NULL, or one row of several without it. Placing such a row is a guess, so: refused.
     */
    static WriteStatement insertNoKey(WriteModel m, boolean prepared) {
        SqlText t = new SqlText(prepared);
        String variant;
        switch (m.rnd.nextInt(7)) {
            case 0 -> {
                t.sql("INSERT INTO wd_items (name, qty) VALUES (").val(text(m, name(m))).sql(", ")
                        .val(integer(m, qty(m))).sql(")");
                variant = "wd_items, no key column";
            }
            case 1 -> {
                t.sql("INSERT INTO wd_parts (part_no, note) VALUES (").val(integer(m, 1 + m.rnd.nextInt(8))).sql(", ")
                        .val(text(m, "nokey")).sql(")");
                variant = "wd_parts, no key column (the key has a DEFAULT)";
            }
            case 2 -> {
                t.sql("INSERT INTO wd_locked (owner, qty) VALUES (").val(text(m, "o1")).sql(", ")
                        .val(integer(m, qty(m))).sql(")");
                variant = "wd_locked (scatter: deny), no key column";
            }
            case 3 -> {
                t.sql("INSERT INTO wd_items (item_id, name) VALUES (DEFAULT, ").val(text(m, name(m))).sql(")");
                variant = "wd_items, DEFAULT key";
            }
            case 4 -> {
                t.sql("INSERT INTO wd_parts VALUES (DEFAULT, ").val(integer(m, 1 + m.rnd.nextInt(8)))
                        .sql(", 'nokey', 5)");
                variant = "wd_parts, no column list, DEFAULT key";
            }
            case 5 -> {
                t.sql("INSERT INTO wd_parts (item_id, part_no, note) VALUES (").val(Param.nullKey()).sql(", ")
                        .val(integer(m, 1 + m.rnd.nextInt(8))).sql(", 'nullkey')");
                variant = "wd_parts, NULL key";
            }
            default -> {
                Long k = m.items.fresh();
                if (k == null) {
                    return null;
                }
                m.items.release(List.of(k));
                boolean nullKey = m.chance(50);
                t.sql("INSERT INTO wd_items (item_id, name) VALUES (").val(key(m, k)).sql(", 'has key'), (");
                if (nullKey) {
                    t.val(Param.nullKey());
                } else {
                    t.sql("DEFAULT");
                }
                t.sql(", 'no key')");
                variant = "wd_items, 2 rows, the second with a " + (nullKey ? "NULL" : "DEFAULT") + " key";
            }
        }
        return refuse(Shape.INSERT_NO_KEY, variant, t, countApi(m), NO_KEY);
    }

    /** INSERT ... SELECT whose rows could belong to any shard: no WHERE on the key, or keys of several shards. */
    static WriteStatement insertSelectNoKey(WriteModel m, boolean prepared) {
        SqlText t = new SqlText(prepared).sql("INSERT INTO wd_parts (item_id, part_no, note) SELECT item_id, ")
                .val(integer(m, 98)).sql(", name FROM wd_items");
        String variant;
        int form = m.rnd.nextInt(3);
        // no key at all: the rows have no shard (SJ002); keys of several shards: a cross-shard write (SJ012)
        java.util.Set<String> refusal = form == 2 ? SJ012 : SJ002;
        if (form == 0) {
            t.sql(" WHERE qty > ").val(integer(m, 7));
            variant = "WHERE qty > ?";
        } else if (form == 1) {
            t.sql(" ON CONFLICT DO NOTHING");
            variant = "no WHERE";
        } else {
            List<Long> keys = m.items.some(3, true);
            if (keys == null) {
                return null;
            }
            t.sql(" WHERE ");
            variant = "WHERE item_id " + keyList(m, t, "item_id", keys) + " over several shards";
        }
        return refuse(Shape.INSERT_SELECT_NO_KEY, variant, t, countApi(m), refusal);
    }

    /** Key-less UPDATE/DELETE of wd_locked, whose table-level scatter is deny although the top level allows. */
    static WriteStatement keylessDeny(WriteModel m, boolean prepared) {
        SqlText t = new SqlText(prepared);
        boolean update = m.chance(60);
        if (update) {
            t.sql("UPDATE wd_locked SET stamp = ").val(text(m, "k")).sql(" WHERE qty > ").val(integer(m, 3));
        } else {
            t.sql("DELETE FROM wd_locked WHERE owner = ").val(text(m, "o" + m.rnd.nextInt(9)));
        }
        boolean returning = m.chance(30);
        if (returning) {
            t.sql(" RETURNING *");
        }
        return refuse(Shape.KEYLESS_DENY, (update ? "UPDATE" : "DELETE") + (returning ? " RETURNING *" : ""), t,
                returning ? Api.QUERY : countApi(m), SJ002);
    }

    /**
     * Inside a transaction (confined to one shard by the model), a key list that also names another shard's keys: a
     * second shard written in one transaction is refused.
     */
    static WriteStatement keyListCrossInTransaction(WriteModel m, boolean prepared) {
        Integer home = m.confinedTo();
        m.confine(null);
        try {
            boolean items = m.chance(60);
            WriteModel.Keys keys = items ? m.items : m.locks;
            List<Long> list = keys.some(2 + m.rnd.nextInt(3), true);
            if (list == null) {
                return null;
            }
            String table = items ? "wd_items" : "wd_locked";
            String column = items ? "item_id" : "lock_id";
            SqlText t = new SqlText(prepared);
            boolean update = m.chance(60);
            t.sql(update ? "UPDATE " + table + " SET qty = qty + 1 WHERE " : "DELETE FROM " + table + " WHERE ");
            String form = keyList(m, t, column, list);
            return refuse(Shape.KEY_LIST_TX_CROSS, table + " " + (update ? "UPDATE " : "DELETE ") + form, t,
                    countApi(m), SJ006);
        } finally {
            m.confine(home);
        }
    }

    /** Inside a transaction: a multi-row INSERT or a batch over several shards, or a key-less UPDATE. */
    static WriteStatement crossInTransaction(WriteModel m, boolean prepared) {
        Integer home = m.confinedTo();
        m.confine(null);
        try {
            int form = m.rnd.nextInt(3);
            if (form == 2) {
                SqlText t = new SqlText(prepared).sql("UPDATE wd_items SET tag = ").val(text(m, "tx"))
                        .sql(" WHERE qty > ").val(integer(m, 5));
                return refuse(Shape.TX_CROSS, "key-less UPDATE wd_items", t, countApi(m), SJ006);
            }
            List<Long> keys = m.items.fresh(3 + m.rnd.nextInt(3));
            if (keys == null) {
                return null;
            }
            m.items.release(keys);
            if (form == 0) {
                SqlText t = new SqlText(prepared).sql("INSERT INTO wd_items (item_id, name) VALUES ");
                for (int i = 0; i < keys.size(); i++) {
                    t.sql(i == 0 ? "(" : ", (").val(key(m, keys.get(i))).sql(", ").val(text(m, "tx")).sql(")");
                }
                return refuse(Shape.TX_CROSS, keys.size() + "-row INSERT over several shards", t, countApi(m), SJ006);
            }
            List<SqlText> entries = new ArrayList<>();
            for (long k : keys) {
                entries.add(new SqlText(prepared).sql("INSERT INTO wd_items (item_id, name) VALUES (").val(key(m, k))
                        .sql(", ").val(text(m, "tx")).sql(")"));
            }
            return WriteStatement.batch(Shape.TX_CROSS, keys.size() + "-entry batch over several shards", entries,
                    Api.BATCH, Expect.REFUSE, SJ006);
        } finally {
            m.confine(home);
        }
    }
}
