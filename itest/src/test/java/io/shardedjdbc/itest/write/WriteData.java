package io.shardedjdbc.itest.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The rows the run starts from, written straight into the reference; the shards get them by a repair (direct, each
 * row where placement puts it), so the start does not depend on the driver's INSERT path under test.
 */
final class WriteData {
    static final int ITEMS = 110;
    static final int PART_OWNERS = 70;
    static final int LOCKS = 50;

    private WriteData() {
    }

    static void load(Connection reference, Random rnd, KeyPool items, KeyPool locks) throws SQLException {
        List<Long> itemKeys = shuffled(items.keys(), rnd);
        try (PreparedStatement ps = reference.prepareStatement(
                "INSERT INTO wd_items (item_id, name, qty, tag) VALUES (?, ?, ?, ?)")) {
            for (long k : itemKeys.subList(0, ITEMS)) {
                ps.setLong(1, k);
                ps.setString(2, "i" + rnd.nextInt(1000));
                ps.setInt(3, rnd.nextInt(11));
                if (rnd.nextInt(10) == 0) {
                    ps.setNull(4, Types.VARCHAR);
                } else {
                    ps.setString(4, WriteSchema.TAGS.get(rnd.nextInt(WriteSchema.TAGS.size())));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = reference.prepareStatement(
                "INSERT INTO wd_parts (item_id, part_no, note, weight) VALUES (?, ?, ?, ?)")) {
            for (long k : shuffled(items.keys(), rnd).subList(0, PART_OWNERS)) {
                int parts = 1 + rnd.nextInt(3);
                for (int p = 1; p <= parts; p++) {
                    ps.setLong(1, k);
                    ps.setInt(2, p);
                    ps.setString(3, rnd.nextBoolean() ? WriteSchema.CODE_WORDS.get(rnd.nextInt(WriteSchema.CODE_WORDS.size()))
                            : "note" + rnd.nextInt(50));
                    ps.setInt(4, 1 + rnd.nextInt(20));
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = reference.prepareStatement(
                "INSERT INTO wd_locked (lock_id, owner, qty, stamp) VALUES (?, ?, ?, ?)")) {
            for (long k : shuffled(locks.keys(), rnd).subList(0, LOCKS)) {
                ps.setLong(1, k);
                ps.setString(2, "o" + rnd.nextInt(9));
                ps.setInt(3, rnd.nextInt(11));
                ps.setString(4, "init");
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = reference.prepareStatement("INSERT INTO wd_codes (code, label) VALUES (?, ?)")) {
            for (String code : WriteSchema.CODE_WORDS.subList(0, WriteSchema.INITIAL_CODES)) {
                ps.setString(1, code);
                ps.setString(2, code.toUpperCase(java.util.Locale.ROOT));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static List<Long> shuffled(List<Long> keys, Random rnd) {
        List<Long> copy = new ArrayList<>(keys);
        Collections.shuffle(copy, rnd);
        return copy;
    }
}
