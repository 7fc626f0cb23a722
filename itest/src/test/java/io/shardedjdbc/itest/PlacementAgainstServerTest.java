package io.shardedjdbc.itest;

import io.shardedjdbc.itest.fleet.SharedFleet;
import io.shardedjdbc.placement.PgHash;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java ports of PostgreSQL's hash functions agree with a real server on thousands of keys. */
class PlacementAgainstServerTest {
    private static final int KEYS = 3000;

    private static Connection server() throws SQLException {
        return SharedFleet.get().shard(0).primary().connect();
    }

    @Test
    void bigintHashesMatchHashint8extended() throws SQLException {
        List<Long> keys = new ArrayList<>(List.of(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE,
                (long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE, 1L << 32, -(1L << 32)));
        Random random = new Random(20261121);
        while (keys.size() < KEYS) {
            keys.add(keys.size() % 2 == 0 ? random.nextLong() : random.nextInt(2_000_000) - 1_000_000L);
        }
        try (Connection c = server(); PreparedStatement ps = c.prepareStatement(
                "SELECT k, hashint8extended(k, 0) FROM unnest(?::bigint[]) AS k")) {
            ps.setArray(1, c.createArrayOf("bigint", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    long k = rs.getLong(1);
                    assertEquals(rs.getLong(2), PgHash.hashInt8(k), "hashint8extended(" + k + ", 0)");
                    n++;
                }
                assertEquals(keys.size(), n);
            }
        }
    }

    @Test
    void textHashesMatchHashtextextended() throws SQLException {
        List<String> keys = new ArrayList<>(List.of("", "a", "é", "日本語", "😀", "user#0", "s0#4095"));
        Random random = new Random(42);
        String alphabet = "abcXYZ019 _-é日😀ßΩ";
        while (keys.size() < KEYS) {
            int len = random.nextInt(40);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) {
                sb.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                        random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            keys.add(sb.toString());
        }
        try (Connection c = server(); PreparedStatement ps = c.prepareStatement(
                "SELECT k, hashtextextended(k, 0) FROM unnest(?::text[]) WITH ORDINALITY AS t(k, i) ORDER BY i")) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    String k = rs.getString(1);
                    assertEquals(rs.getLong(2), PgHash.hashText(k), "hashtextextended('" + k + "', 0)");
                    n++;
                }
                assertEquals(keys.size(), n);
            }
        }
    }

    @Test
    void uuidHashesMatchUuidHashExtended() throws SQLException {
        List<UUID> keys = new ArrayList<>(List.of(new UUID(0, 0), new UUID(-1, -1)));
        Random random = new Random(7);
        while (keys.size() < KEYS) {
            keys.add(new UUID(random.nextLong(), random.nextLong()));
        }
        try (Connection c = server(); PreparedStatement ps = c.prepareStatement(
                "SELECT k, uuid_hash_extended(k, 0) FROM unnest(?::uuid[]) AS k")) {
            ps.setArray(1, c.createArrayOf("uuid", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    UUID k = rs.getObject(1, UUID.class);
                    assertEquals(rs.getLong(2), PgHash.hashUuid(k), "uuid_hash_extended('" + k + "', 0)");
                    n++;
                }
                assertEquals(keys.size(), n);
            }
        }
    }
}
