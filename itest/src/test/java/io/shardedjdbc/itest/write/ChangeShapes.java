package io.shardedjdbc.itest.write;

import java.util.List;

import static io.shardedjdbc.itest.write.ShapeSupport.countApi;
import static io.shardedjdbc.itest.write.ShapeSupport.integer;
import static io.shardedjdbc.itest.write.ShapeSupport.key;
import static io.shardedjdbc.itest.write.ShapeSupport.keyList;
import static io.shardedjdbc.itest.write.ShapeSupport.name;
import static io.shardedjdbc.itest.write.ShapeSupport.note;
import static io.shardedjdbc.itest.write.ShapeSupport.qty;
import static io.shardedjdbc.itest.write.ShapeSupport.rowsApi;
import static io.shardedjdbc.itest.write.ShapeSupport.run;
import static io.shardedjdbc.itest.write.ShapeSupport.tag;
import static io.shardedjdbc.itest.write.ShapeSupport.text;

/**
 * UPDATE and DELETE shapes that must run (points 5, 6, 7 and 9): by key, by a key list over several shards (also
 * on the scatter: deny table), key-less on scatter: allow tables, and with a CTE or a join over the broadcast table.
 * RETURNING rows of UPDATE and DELETE are compared as a multiset: no order is defined over several shards.
 */
final class ChangeShapes {
    private ChangeShapes() {
    }

    static WriteStatement updateByKey(WriteModel m, boolean prepared) {
        SqlText t = new SqlText(prepared);
        String variant;
        int table = m.rnd.nextInt(4);
        if (table <= 1) {
            Long k = m.chance(85) ? m.items.existing() : m.anyItemKey();
            if (k == null) {
                return null;
            }
            if (table == 0) {
                t.sql("UPDATE wd_items SET qty = ").val(integer(m, qty(m))).sql(", tag = ").val(text(m, tag(m)))
                        .sql(" WHERE item_id = ").val(key(m, k));
                variant = "wd_items SET qty, tag";
            } else {
                // the key on the right-hand side, and a literal holding a question mark in a prepared statement
                t.sql("UPDATE wd_items SET qty = qty + 1, name = 'why?' WHERE ").val(key(m, k)).sql(" = item_id");
                variant = "wd_items ? = item_id, '?' literal";
            }
        } else if (table == 2) {
            Long item = m.partOwner();
            if (item == null) {
                return null;
            }
            Integer part = m.existingPartNo(item);
            boolean one = m.chance(50);
            t.sql("UPDATE wd_parts SET weight = weight + 1, note = ").val(text(m, note(m))).sql(" WHERE item_id = ")
                    .val(key(m, item));
            if (one) {
                t.sql(" AND part_no = ").val(integer(m, part));
            }
            variant = "wd_parts" + (one ? " one part" : " all parts of the item");
        } else {
            Long k = m.locks.existing();
            if (k == null) {
                return null;
            }
            t.sql("UPDATE wd_locked SET qty = qty + ").val(integer(m, 1 + m.rnd.nextInt(3))).sql(", stamp = ")
                    .val(text(m, "s" + m.rnd.nextInt(5))).sql(" WHERE lock_id = ").val(key(m, k));
            variant = "wd_locked (scatter: deny)";
        }
        return returningOrCount(m, Shape.UPDATE_BY_KEY, variant, t);
    }

    static WriteStatement deleteByKey(WriteModel m, boolean prepared) {
        SqlText t = new SqlText(prepared);
        String variant;
        int table = m.table(false, 1, 1, 1);
        if (table == 0) {
            Long k = m.chance(85) ? m.items.existing() : m.anyItemKey();
            if (k == null) {
                return null;
            }
            m.items.deleted(k);
            t.sql("DELETE FROM wd_items WHERE item_id = ").val(key(m, k));
            variant = "wd_items";
        } else if (table == 1) {
            Long item = m.partOwner();
            if (item == null) {
                return null;
            }
            Integer part = m.existingPartNo(item);
            m.parts.get(item).remove(part);
            t.sql("DELETE FROM wd_parts WHERE part_no = ").val(integer(m, part)).sql(" AND item_id = ").val(key(m, item));
            variant = "wd_parts, key second";
        } else {
            Long k = m.locks.existing();
            if (k == null) {
                return null;
            }
            m.locks.deleted(k);
            t.sql("DELETE FROM wd_locked WHERE lock_id = ").val(key(m, k));
            variant = "wd_locked (scatter: deny)";
        }
        return returningOrCount(m, Shape.DELETE_BY_KEY, variant, t);
    }

    private static WriteStatement returningOrCount(WriteModel m, Shape shape, String variant, SqlText t) {
        if (m.chance(35)) {
            t.sql(" RETURNING *");
            return run(shape, variant + ", RETURNING *", t, rowsApi(m), false);
        }
        return run(shape, variant, t, countApi(m), false);
    }

    /** A key list over several shards (one shard inside a transaction) on wd_items, wd_parts or wd_locked. */
    static WriteStatement updateKeyList(WriteModel m, boolean prepared) {
        return keyListWrite(m, prepared, true);
    }

    static WriteStatement deleteKeyList(WriteModel m, boolean prepared) {
        return keyListWrite(m, prepared, false);
    }

    private static WriteStatement keyListWrite(WriteModel m, boolean prepared, boolean update) {
        int table = update ? m.rnd.nextInt(3) : m.table(false, 1, 1, 1);
        WriteModel.Keys keys = table == 2 ? m.locks : m.items;
        List<Long> list = keys.some(2 + m.rnd.nextInt(4), m.confinedTo() == null);
        if (list == null) {
            return null;
        }
        String name = table == 0 ? "wd_items" : table == 1 ? "wd_parts" : "wd_locked";
        String column = table == 2 ? "lock_id" : "item_id";
        SqlText t = new SqlText(prepared);
        if (update) {
            t.sql("UPDATE " + name + " SET " + (table == 1 ? "weight = weight + 1" : "qty = qty + 1") + " WHERE ");
        } else {
            t.sql("DELETE FROM " + name + " WHERE ");
            if (table == 0) {
                list.forEach(m.items::deleted);
            } else if (table == 1) {
                list.forEach(m.parts::remove);
            } else {
                list.forEach(m.locks::deleted);
            }
        }
        String form = keyList(m, t, column, list);
        if (m.chance(20)) {
            t.sql(" AND " + (table == 1 ? "weight" : "qty") + " >= 0");
            form += " AND ...";
        }
        return returningOrCount(m, update ? Shape.UPDATE_KEY_LIST : Shape.DELETE_KEY_LIST,
                name + (name.equals("wd_locked") ? " (scatter: deny)" : "") + " " + form + " (" + list.size() + " keys)", t);
    }

    /** No key at all on a scatter: allow table: every shard runs it; conditions that match a few rows. */
    static WriteStatement keyless(WriteModel m, boolean prepared) {
        SqlText t = new SqlText(prepared);
        String variant;
        switch (m.rnd.nextInt(5)) {
            case 0 -> {
                t.sql("UPDATE wd_items SET tag = ").val(text(m, tag(m))).sql(" WHERE qty > ").val(integer(m, 6 + m.rnd.nextInt(4)));
                variant = "UPDATE wd_items WHERE qty > ?";
            }
            case 1 -> {
                t.sql("UPDATE wd_items SET qty = qty + 1 WHERE tag = ").val(text(m, tag(m)));
                variant = "UPDATE wd_items WHERE tag = ?";
            }
            case 2 -> {
                t.sql("DELETE FROM wd_items WHERE qty = ").val(integer(m, qty(m))).sql(" AND tag = ").val(text(m, tag(m)));
                variant = "DELETE wd_items WHERE qty = ? AND tag = ?";
            }
            case 3 -> {
                t.sql("UPDATE wd_parts SET weight = weight + 1 WHERE note = ").val(text(m, note(m)));
                variant = "UPDATE wd_parts WHERE note = ?";
            }
            default -> {
                t.sql("DELETE FROM wd_parts WHERE weight > ").val(integer(m, 18 + m.rnd.nextInt(4)));
                variant = "DELETE wd_parts WHERE weight > ?";
            }
        }
        return returningOrCount(m, Shape.KEYLESS, variant, t);
    }

    /** WITH over the broadcast table, then an UPDATE by key: the key's shard alone. */
    static WriteStatement cteUpdate(WriteModel m, boolean prepared) {
        Long k = m.chance(85) ? m.items.existing() : m.anyItemKey();
        String code = m.existingCode();
        if (k == null || code == null) {
            return null;
        }
        SqlText t = new SqlText(prepared).sql("WITH c AS (SELECT code FROM wd_codes WHERE code = ").val(text(m, code))
                .sql(") UPDATE wd_items SET tag = (SELECT code FROM c) WHERE item_id = ").val(key(m, k));
        if (m.chance(30)) {
            t.sql(" RETURNING item_id, tag");
            return run(Shape.CTE_UPDATE, "RETURNING", t, rowsApi(m), false);
        }
        return run(Shape.CTE_UPDATE, "count", t, countApi(m), false);
    }

    /** UPDATE ... FROM the broadcast table, joined on a non-key column, restricted to one key. */
    static WriteStatement updateFrom(WriteModel m, boolean prepared) {
        Long k = m.chance(85) ? m.items.existing() : m.anyItemKey();
        if (k == null) {
            return null;
        }
        SqlText t = new SqlText(prepared).sql("UPDATE wd_items i SET tag = c.label, name = ").val(text(m, name(m)))
                .sql(" FROM wd_codes c WHERE c.code = i.tag AND i.item_id = ").val(key(m, k));
        if (m.chance(30)) {
            t.sql(" RETURNING i.item_id, i.tag, c.code");
            return run(Shape.UPDATE_FROM, "RETURNING", t, rowsApi(m), false);
        }
        return run(Shape.UPDATE_FROM, "count", t, countApi(m), false);
    }

    /** DELETE ... USING the broadcast table, restricted to one key. */
    static WriteStatement deleteUsing(WriteModel m, boolean prepared) {
        Long item = m.chance(85) ? m.partOwner() : Long.valueOf(m.anyItemKey());
        if (item == null) {
            return null;
        }
        SqlText t = new SqlText(prepared).sql("DELETE FROM wd_parts p USING wd_codes c WHERE c.code = p.note AND p.item_id = ")
                .val(key(m, item));
        // the model keeps the item's parts: it must never believe a part number free that is still taken
        if (m.chance(30)) {
            t.sql(" RETURNING p.item_id, p.part_no, c.label");
            return run(Shape.DELETE_USING, "RETURNING", t, rowsApi(m), false);
        }
        return run(Shape.DELETE_USING, "count", t, countApi(m), false);
    }
}
