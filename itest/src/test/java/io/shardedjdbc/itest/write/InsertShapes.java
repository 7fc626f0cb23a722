package io.shardedjdbc.itest.write;

import io.shardedjdbc.itest.write.WriteStatement.Api;

import java.util.ArrayList;
import java.util.List;

import static io.shardedjdbc.itest.write.ShapeSupport.countApi;
import static io.shardedjdbc.itest.write.ShapeSupport.integer;
import static io.shardedjdbc.itest.write.ShapeSupport.key;
import static io.shardedjdbc.itest.write.ShapeSupport.name;
import static io.shardedjdbc.itest.write.ShapeSupport.note;
import static io.shardedjdbc.itest.write.ShapeSupport.qty;
import static io.shardedjdbc.itest.write.ShapeSupport.rowsApi;
import static io.shardedjdbc.itest.write.ShapeSupport.run;
import static io.shardedjdbc.itest.write.ShapeSupport.tag;
import static io.shardedjdbc.itest.write.ShapeSupport.text;

/**
 * INSERT shapes that must run (points 1 and 2 of the contract): with and without a column list, one or several
 * rows, conflicts, RETURNING and generated keys. Each returns null when the model has no keys for it right now.
 */
final class InsertShapes {
    private InsertShapes() {
    }

    /** One row into wd_items, wd_parts (key column not first) or wd_locked, with or without the defaulted columns. */
    static WriteStatement insertOne(WriteModel m, boolean prepared) {
        SqlText t = new SqlText(prepared);
        int table = m.table(true, 1, 1, 1);
        if (table == 0) {
            Long k = m.items.fresh();
            if (k == null) {
                return null;
            }
            m.items.inserted(k);
            boolean full = m.chance(50);
            t.sql("INSERT INTO wd_items (item_id, name" + (full ? ", qty, tag" : "") + ") VALUES (")
                    .val(key(m, k)).sql(", ").val(text(m, name(m)));
            if (full) {
                t.sql(", ").val(integer(m, qty(m))).sql(", ").val(text(m, m.chance(10) ? null : tag(m)));
            }
            return run(Shape.INSERT_ONE, "wd_items" + (full ? "" : " defaults"), t.sql(")"), countApi(m), true);
        }
        if (table == 1) {
            long item = m.anyItemKey();
            Integer part = m.freshPartNo(item);
            if (part == null) {
                return null;
            }
            t.sql("INSERT INTO wd_parts (part_no, note, item_id) VALUES (").val(integer(m, part)).sql(", ")
                    .val(text(m, note(m))).sql(", ").val(key(m, item)).sql(")");
            return run(Shape.INSERT_ONE, "wd_parts, key column last", t, countApi(m), true);
        }
        Long k = m.locks.fresh();
        if (k == null) {
            return null;
        }
        m.locks.inserted(k);
        t.sql("INSERT INTO wd_locked (lock_id, owner, qty) VALUES (").val(key(m, k)).sql(", ")
                .val(text(m, "o" + m.rnd.nextInt(9))).sql(", ").val(integer(m, qty(m))).sql(")");
        return run(Shape.INSERT_ONE, "wd_locked (scatter: deny)", t, countApi(m), true);
    }

    /** 2-5 rows with fresh keys, on several shards unless the transaction confines them to one. */
    static WriteStatement insertMulti(WriteModel m, boolean prepared) {
        if (m.chance(30)) {
            return partsRows(m, prepared, Shape.INSERT_MULTI, "");
        }
        List<Long> keys = m.items.fresh(2 + m.rnd.nextInt(4));
        if (keys == null) {
            return null;
        }
        keys.forEach(m.items::inserted);
        SqlText t = new SqlText(prepared).sql("INSERT INTO wd_items (item_id, name, qty) VALUES ");
        itemRows(m, t, keys, false);
        return run(Shape.INSERT_MULTI, keys.size() + " rows wd_items", t, countApi(m), true);
    }

    /** Several rows of wd_parts, fresh (item, part) pairs on several items. */
    static WriteStatement partsRows(WriteModel m, boolean prepared, Shape shape, String suffix) {
        List<Long> items = m.items.some(2 + m.rnd.nextInt(3), m.confinedTo() == null);
        if (items == null) {
            return null;
        }
        SqlText t = new SqlText(prepared).sql("INSERT INTO wd_parts (item_id, part_no, note, weight) VALUES ");
        int rows = 0;
        for (long item : items) {
            Integer part = m.freshPartNo(item);
            if (part == null) {
                continue;
            }
            t.sql(rows++ == 0 ? "(" : ", (").val(key(m, item)).sql(", ").val(integer(m, part)).sql(", ")
                    .val(text(m, note(m))).sql(", ").val(integer(m, 1 + m.rnd.nextInt(20))).sql(")");
        }
        if (rows == 0) {
            return null;
        }
        t.sql(suffix);
        return run(shape, rows + " rows wd_parts" + suffix, t, suffix.contains("RETURNING") ? rowsApi(m) : countApi(m),
                true);
    }

    /** (key, name, qty) rows; with four columns also the tag. */
    private static void itemRows(WriteModel m, SqlText t, List<Long> keys, boolean withTag) {
        for (int i = 0; i < keys.size(); i++) {
            t.sql(i == 0 ? "(" : ", (").val(key(m, keys.get(i))).sql(", ").val(text(m, name(m))).sql(", ")
                    .val(integer(m, qty(m)));
            if (withTag) {
                t.sql(", ").val(text(m, tag(m)));
            }
            t.sql(")");
        }
    }

    /** Fresh and present keys mixed: the present ones conflict and are skipped. */
    static WriteStatement insertDoNothing(WriteModel m, boolean prepared) {
        List<Long> keys = conflicting(m, 2 + m.rnd.nextInt(4));
        if (keys == null) {
            return null;
        }
        keys.forEach(m.items::inserted);
        SqlText t = new SqlText(prepared).sql("INSERT INTO wd_items (item_id, name, qty) VALUES ");
        itemRows(m, t, keys, false);
        boolean target = m.chance(50);
        t.sql(target ? " ON CONFLICT (item_id) DO NOTHING" : " ON CONFLICT DO NOTHING");
        if (m.chance(30)) {
            t.sql(" RETURNING *");
            return run(Shape.INSERT_DO_NOTHING, keys.size() + " rows, RETURNING *", t, rowsApi(m), true);
        }
        return run(Shape.INSERT_DO_NOTHING, keys.size() + " rows" + (target ? ", conflict target" : ""), t,
                countApi(m), true);
    }

    /** n distinct keys, at least one present and one fresh when the model has them, over shards unless confined. */
    private static List<Long> conflicting(WriteModel m, int n) {
        for (int attempt = 0; attempt < 10; attempt++) {
            List<Long> keys = new ArrayList<>();
            Long present = m.items.existing();
            if (present != null) {
                keys.add(present);
            }
            while (keys.size() < n) {
                Long k = m.chance(40) ? m.items.existing() : m.items.fresh();
                if (k == null) {
                    break;
                }
                if (!keys.contains(k)) {
                    keys.add(k);
                }
            }
            if (keys.size() == n && (m.confinedTo() != null || m.items.spans(keys))) {
                return keys;
            }
            m.items.release(keys);
        }
        return null;
    }

    /** ON CONFLICT (key) DO UPDATE: present keys are updated, fresh ones inserted; also on wd_locked. */
    static WriteStatement insertUpsert(WriteModel m, boolean prepared) {
        SqlText t = new SqlText(prepared);
        if (m.table(true, 3, 0, 1) == 2) {
            Long k = m.chance(50) ? m.locks.existing() : m.locks.fresh();
            if (k == null) {
                return null;
            }
            m.locks.inserted(k);
            t.sql("INSERT INTO wd_locked (lock_id, owner) VALUES (").val(key(m, k)).sql(", ")
                    .val(text(m, "o" + m.rnd.nextInt(9))).sql(") ON CONFLICT (lock_id) DO UPDATE SET owner = EXCLUDED.owner,"
                            + " qty = wd_locked.qty + 1");
            return run(Shape.INSERT_UPSERT, "wd_locked", t, countApi(m), true);
        }
        List<Long> keys = conflicting(m, 1 + m.rnd.nextInt(4));
        if (keys == null) {
            return null;
        }
        keys.forEach(m.items::inserted);
        t.sql("INSERT INTO wd_items (item_id, name, qty) VALUES ");
        itemRows(m, t, keys, false);
        t.sql(" ON CONFLICT (item_id) DO UPDATE SET qty = wd_items.qty + EXCLUDED.qty, tag = ").val(text(m, "up"));
        boolean where = m.chance(30);
        if (where) {
            t.sql(" WHERE wd_items.qty < 6");
        }
        if (m.chance(40)) {
            t.sql(m.chance(50) ? " RETURNING *" : " RETURNING item_id, qty, tag");
            return run(Shape.INSERT_UPSERT, keys.size() + " rows, RETURNING", t, rowsApi(m), true);
        }
        return run(Shape.INSERT_UPSERT, keys.size() + " rows" + (where ? ", DO UPDATE ... WHERE" : ""), t, countApi(m),
                true);
    }

    /** RETURNING * or some columns (defaults and the generated column included), compared in row order. */
    static WriteStatement insertReturning(WriteModel m, boolean prepared) {
        if (m.chance(20)) {
            return partsRows(m, prepared, Shape.INSERT_RETURNING, " RETURNING *");
        }
        List<Long> keys = m.items.fresh(1 + m.rnd.nextInt(4));
        if (keys == null) {
            return null;
        }
        keys.forEach(m.items::inserted);
        SqlText t = new SqlText(prepared).sql("INSERT INTO wd_items (item_id, name, qty) VALUES ");
        itemRows(m, t, keys, false);
        boolean star = m.chance(60);
        t.sql(star ? " RETURNING *" : " RETURNING doubled, item_id, tag AS t");
        return run(Shape.INSERT_RETURNING, keys.size() + " rows, RETURNING " + (star ? "*" : "columns"), t,
                rowsApi(m), true);
    }

    /** getGeneratedKeys after RETURN_GENERATED_KEYS or named columns; with DO NOTHING a skipped row has no key. */
    static WriteStatement insertGeneratedKeys(WriteModel m, boolean prepared) {
        boolean doNothing = m.chance(35);
        List<Long> keys = doNothing ? conflicting(m, 2 + m.rnd.nextInt(3)) : m.items.fresh(1 + m.rnd.nextInt(4));
        if (keys == null) {
            return null;
        }
        keys.forEach(m.items::inserted);
        SqlText t = new SqlText(prepared).sql("INSERT INTO wd_items (item_id, name, qty) VALUES ");
        itemRows(m, t, keys, false);
        if (doNothing) {
            t.sql(" ON CONFLICT DO NOTHING");
        }
        boolean named = m.chance(40);
        WriteStatement s = run(Shape.INSERT_GENERATED_KEYS, keys.size() + " rows" + (doNothing ? ", DO NOTHING" : "")
                + (named ? ", key columns [doubled, item_id]" : ", RETURN_GENERATED_KEYS"), t,
                named ? Api.GENERATED_KEY_COLUMNS : Api.GENERATED_KEYS, true);
        return named ? s.withKeyColumns(List.of("doubled", "item_id")) : s;
    }

    /** INSERT INTO t VALUES (...): the key is the table's first column, found without a column list. */
    static WriteStatement insertNoColumns(WriteModel m, boolean prepared) {
        SqlText t = new SqlText(prepared);
        int table = m.table(true, 0.6, 0.25, 0.15);
        if (table == 1) {
            long item = m.anyItemKey();
            Integer part = m.freshPartNo(item);
            if (part == null) {
                return null;
            }
            t.sql("INSERT INTO wd_parts VALUES (").val(key(m, item)).sql(", ").val(integer(m, part)).sql(", ")
                    .val(text(m, note(m))).sql(", ").val(integer(m, 1 + m.rnd.nextInt(20))).sql(")");
            return run(Shape.INSERT_NO_COLUMNS, "wd_parts 1 row", t, countApi(m), true);
        }
        if (table == 2) {
            Long k = m.locks.fresh();
            if (k == null) {
                return null;
            }
            m.locks.inserted(k);
            t.sql("INSERT INTO wd_locked VALUES (").val(key(m, k)).sql(", ").val(text(m, "o" + m.rnd.nextInt(9)))
                    .sql(", ").val(integer(m, qty(m))).sql(", ").val(text(m, tag(m))).sql(")");
            return run(Shape.INSERT_NO_COLUMNS, "wd_locked (scatter: deny) 1 row", t, countApi(m), true);
        }
        List<Long> keys = m.items.fresh(m.chance(50) ? 1 : 2 + m.rnd.nextInt(3));
        if (keys == null) {
            return null;
        }
        keys.forEach(m.items::inserted);
        boolean explicitDefault = m.chance(20);
        t.sql("INSERT INTO wd_items VALUES ");
        for (int i = 0; i < keys.size(); i++) {
            t.sql(i == 0 ? "(" : ", (").val(key(m, keys.get(i))).sql(", ").val(text(m, name(m))).sql(", ")
                    .val(integer(m, qty(m))).sql(", ").val(text(m, tag(m))).sql(explicitDefault ? ", DEFAULT)" : ")");
        }
        boolean returning = m.chance(25);
        if (returning) {
            t.sql(" RETURNING *");
        }
        return run(Shape.INSERT_NO_COLUMNS, "wd_items " + keys.size() + " row(s)"
                + (explicitDefault ? ", DEFAULT for the generated column" : "") + (returning ? ", RETURNING *" : ""), t,
                returning ? rowsApi(m) : countApi(m), true);
    }

    /** INSERT ... SELECT from the rows of one key: the rows it makes have that key, so one shard does it all. */
    static WriteStatement insertSelectKey(WriteModel m, boolean prepared) {
        Long item = m.chance(80) ? m.items.existing() : m.anyItemKey();
        if (item == null) {
            return null;
        }
        boolean fixed = m.chance(40);
        Integer part = fixed ? Integer.valueOf(99) : m.freshPartNo(item);
        if (part == null) {
            return null;
        }
        if (fixed && m.items.present.contains(item)) {
            m.parts.computeIfAbsent(item, k -> new java.util.HashSet<>()).add(99);
        }
        SqlText t = new SqlText(prepared).sql("INSERT INTO wd_parts (item_id, part_no, note) SELECT item_id, ")
                .val(integer(m, part)).sql(", name FROM wd_items WHERE item_id = ").val(key(m, item));
        if (fixed) {
            t.sql(" ON CONFLICT DO NOTHING");
        }
        boolean returning = m.chance(30);
        if (returning) {
            t.sql(" RETURNING item_id, part_no, note");
        }
        return run(Shape.INSERT_SELECT_KEY, (fixed ? "part 99, DO NOTHING" : "fresh part") + (returning ? ", RETURNING" : ""),
                t, returning ? rowsApi(m) : countApi(m), true);
    }
}
