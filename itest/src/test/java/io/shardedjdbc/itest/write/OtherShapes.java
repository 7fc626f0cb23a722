package io.shardedjdbc.itest.write;

import io.shardedjdbc.itest.write.WriteStatement.Api;
import io.shardedjdbc.itest.write.WriteStatement.Expect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.shardedjdbc.itest.write.ShapeSupport.batchApi;
import static io.shardedjdbc.itest.write.ShapeSupport.countApi;
import static io.shardedjdbc.itest.write.ShapeSupport.fail;
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

/** Broadcast writes (point 8), writes failing on one shard (point 10) and batches (point 11). */
final class OtherShapes {
    private OtherShapes() {
    }

    /** Every copy is written; the count and RETURNING rows are one copy's, as the reference's one table gives. */
    static WriteStatement broadcast(WriteModel m, boolean prepared) {
        SqlText t = new SqlText(prepared);
        String variant;
        int form = m.rnd.nextInt(5);
        String fresh = m.freshCode();
        String existing = m.existingCode();
        if (form == 0 && fresh != null) {
            m.codes.add(fresh);
            t.sql("INSERT INTO wd_codes (code, label) VALUES (").val(text(m, fresh)).sql(", ")
                    .val(text(m, fresh.toUpperCase(java.util.Locale.ROOT))).sql(")");
            variant = "INSERT";
        } else if (form == 1 && existing != null) {
            t.sql("INSERT INTO wd_codes (code, label) VALUES (").val(text(m, existing)).sql(", 'L')"
                    + " ON CONFLICT (code) DO UPDATE SET hits = wd_codes.hits + 1");
            variant = "INSERT ON CONFLICT DO UPDATE";
        } else if (form == 2 && existing != null) {
            t.sql("UPDATE wd_codes SET hits = hits + 1 WHERE code = ").val(text(m, existing));
            variant = "UPDATE one code";
        } else if (form == 3) {
            t.sql("UPDATE wd_codes SET label = ").val(text(m, "L" + m.rnd.nextInt(5))).sql(" WHERE hits <= ")
                    .val(integer(m, m.rnd.nextInt(3)));
            variant = "UPDATE several codes";
        } else if (existing != null && m.codes.size() > 3) {
            m.codes.remove(existing);
            t.sql("DELETE FROM wd_codes WHERE code = ").val(text(m, existing));
            variant = "DELETE";
        } else {
            return null;
        }
        if (m.chance(40)) {
            t.sql(" RETURNING *");
            return run(Shape.BROADCAST, variant + " RETURNING *", t, rowsApi(m), false);
        }
        return run(Shape.BROADCAST, variant, t, countApi(m), false);
    }

    /** A write over several shards whose one row breaks a constraint: the reference's error, nothing written. */
    static WriteStatement failingOnOneShard(WriteModel m, boolean prepared) {
        SqlText t = new SqlText(prepared);
        switch (m.rnd.nextInt(6)) {
            case 0 -> {
                List<Long> keys = m.items.fresh(3 + m.rnd.nextInt(2));
                if (keys == null) {
                    return null;
                }
                m.items.release(keys);
                int bad = m.rnd.nextInt(keys.size());
                boolean nullName = m.chance(50);
                t.sql("INSERT INTO wd_items (item_id, name, qty) VALUES ");
                for (int i = 0; i < keys.size(); i++) {
                    t.sql(i == 0 ? "(" : ", (").val(key(m, keys.get(i))).sql(", ")
                            .val(text(m, i == bad && nullName ? null : name(m))).sql(", ")
                            .val(integer(m, i == bad && !nullName ? -1 : qty(m))).sql(")");
                }
                return fail(Shape.FAILING_ON_ONE_SHARD, "multi-row INSERT, row " + bad + (nullName ? " NULL name" : " qty -1"),
                        t, countApi(m));
            }
            case 1 -> {
                List<Long> keys = m.items.some(3 + m.rnd.nextInt(2), true);
                Long bad = keys == null ? null : keys.stream().filter(m.items.present::contains).findFirst().orElse(null);
                if (bad == null) {
                    return null;
                }
                t.sql("UPDATE wd_items SET qty = CASE WHEN item_id = ").val(key(m, bad))
                        .sql(" THEN -1 ELSE qty + 1 END WHERE ");
                String form = keyList(m, t, "item_id", keys);
                return fail(Shape.FAILING_ON_ONE_SHARD, "key-list UPDATE " + form + ", CHECK on one row", t, countApi(m));
            }
            case 2 -> {
                Long bad = m.items.existing();
                if (bad == null) {
                    return null;
                }
                t.sql("UPDATE wd_items SET qty = CASE WHEN item_id = ").val(key(m, bad))
                        .sql(" THEN -1 ELSE qty END WHERE qty >= 0");
                return fail(Shape.FAILING_ON_ONE_SHARD, "key-less UPDATE, CHECK on one row", t, countApi(m));
            }
            case 3 -> {
                List<Long> keys = m.items.fresh(3 + m.rnd.nextInt(3));
                Long dup = m.items.existing();
                if (keys == null || dup == null) {
                    return null;
                }
                m.items.release(keys);
                List<Long> entries = new ArrayList<>(keys);
                entries.add(m.rnd.nextInt(entries.size() + 1), dup);
                List<SqlText> batch = new ArrayList<>();
                for (long k : entries) {
                    batch.add(new SqlText(prepared).sql("INSERT INTO wd_items (item_id, name) VALUES (").val(key(m, k))
                            .sql(", ").val(text(m, "batch")).sql(")"));
                }
                return WriteStatement.batch(Shape.FAILING_ON_ONE_SHARD, "batch, one entry's key taken", batch,
                        batchApi(m, prepared, false), Expect.FAIL, Set.of());
            }
            case 4 -> {
                String existing = m.existingCode();
                if (existing == null) {
                    return null;
                }
                t.sql("INSERT INTO wd_codes (code, label) VALUES (").val(text(m, existing)).sql(", 'dup')");
                return fail(Shape.FAILING_ON_ONE_SHARD, "broadcast INSERT of a present code", t, countApi(m));
            }
            default -> {
                List<Long> items = m.items.some(3, true);
                if (items == null) {
                    return null;
                }
                int bad = m.rnd.nextInt(items.size());
                t.sql("INSERT INTO wd_parts (item_id, part_no, weight) VALUES ");
                for (int i = 0; i < items.size(); i++) {
                    // part numbers 50+ are never written by the other shapes, so only the weight can fail
                    t.sql(i == 0 ? "(" : ", (").val(key(m, items.get(i))).sql(", ").val(integer(m, 50 + i)).sql(", ")
                            .val(integer(m, i == bad ? 0 : 5)).sql(")");
                }
                return fail(Shape.FAILING_ON_ONE_SHARD, "multi-row INSERT wd_parts, weight 0 in row " + bad, t,
                        countApi(m));
            }
        }
    }

    /** Single-row INSERTs with a column list over several shards; with DO NOTHING some entries count 0. */
    static WriteStatement batchInsert(WriteModel m, boolean prepared) {
        boolean doNothing = m.chance(25);
        List<Long> keys = m.items.fresh(2 + m.rnd.nextInt(6));
        if (keys == null) {
            return null;
        }
        if (doNothing) {
            Long present = m.items.existing();
            if (present != null) {
                keys.add(m.rnd.nextInt(keys.size() + 1), present);
            }
        }
        keys.forEach(m.items::inserted);
        List<SqlText> entries = new ArrayList<>();
        for (long k : keys) {
            entries.add(new SqlText(prepared).sql("INSERT INTO wd_items (item_id, name, qty) VALUES (").val(key(m, k))
                    .sql(", ").val(text(m, name(m))).sql(", ").val(integer(m, qty(m))).sql(")")
                    .sql(doNothing ? " ON CONFLICT DO NOTHING" : ""));
        }
        Api api = batchApi(m, prepared, true);
        return WriteStatement.batch(Shape.BATCH_INSERT, keys.size() + " entries" + (doNothing ? ", DO NOTHING" : ""),
                entries, api, Expect.RUN, Set.of());
    }

    /** Single-row INSERTs without a column list, into wd_items or wd_parts. */
    static WriteStatement batchNoColumns(WriteModel m, boolean prepared) {
        List<SqlText> entries = new ArrayList<>();
        String variant;
        if (m.chance(30)) {
            List<Long> items = m.items.some(2 + m.rnd.nextInt(4), m.confinedTo() == null);
            if (items == null) {
                return null;
            }
            for (long item : items) {
                Integer part = m.freshPartNo(item);
                if (part != null) {
                    entries.add(new SqlText(prepared).sql("INSERT INTO wd_parts VALUES (").val(key(m, item)).sql(", ")
                            .val(integer(m, part)).sql(", ").val(text(m, note(m))).sql(", ")
                            .val(integer(m, 1 + m.rnd.nextInt(20))).sql(")"));
                }
            }
            variant = "wd_parts";
        } else {
            List<Long> keys = m.items.fresh(2 + m.rnd.nextInt(6));
            if (keys == null) {
                return null;
            }
            keys.forEach(m.items::inserted);
            for (long k : keys) {
                entries.add(new SqlText(prepared).sql("INSERT INTO wd_items VALUES (").val(key(m, k)).sql(", ")
                        .val(text(m, name(m))).sql(", ").val(integer(m, qty(m))).sql(", ").val(text(m, tag(m))).sql(")"));
            }
            variant = "wd_items";
        }
        if (entries.isEmpty()) {
            return null;
        }
        return WriteStatement.batch(Shape.BATCH_NO_COLUMNS, variant + ", " + entries.size() + " entries", entries,
                batchApi(m, prepared, true), Expect.RUN, Set.of());
    }

    /** UPDATEs (or DELETEs of wd_locked) by key, some keys absent (count 0). */
    static WriteStatement batchUpdate(WriteModel m, boolean prepared) {
        boolean locks = m.chance(30);
        List<Long> keys = (locks ? m.locks : m.items).some(2 + m.rnd.nextInt(5), m.confinedTo() == null);
        if (keys == null) {
            return null;
        }
        boolean delete = locks && m.chance(40);
        List<SqlText> entries = new ArrayList<>();
        for (long k : keys) {
            SqlText t = new SqlText(prepared);
            if (locks && delete) {
                m.locks.deleted(k);
                t.sql("DELETE FROM wd_locked WHERE lock_id = ").val(key(m, k));
            } else if (locks) {
                t.sql("UPDATE wd_locked SET qty = qty + 1, stamp = ").val(text(m, "b")).sql(" WHERE lock_id = ").val(key(m, k));
            } else {
                t.sql("UPDATE wd_items SET qty = ").val(integer(m, qty(m))).sql(", tag = ").val(text(m, tag(m)))
                        .sql(" WHERE item_id = ").val(key(m, k));
            }
            entries.add(t);
        }
        return WriteStatement.batch(Shape.BATCH_UPDATE, (delete ? "DELETE wd_locked" : locks ? "UPDATE wd_locked"
                : "UPDATE wd_items") + ", " + keys.size() + " entries", entries, batchApi(m, prepared, false),
                Expect.RUN, Set.of());
    }
}
