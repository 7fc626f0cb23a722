package io.shardedjdbc.placement;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyspacePlacementTest {

    private static final List<String> SHARDS = List.of("s0", "s1", "s2", "s3");

    private static Placement placement(Algorithm algorithm) throws SQLException {
        return Placement.create(SHARDS, algorithm, 4096, null, null);
    }

    @Test
    void oneKeyBoundAnyWayLandsOnOneShard() throws SQLException {
        for (Algorithm algorithm : new Algorithm[] {Algorithm.RING, Algorithm.JUMP, Algorithm.MODULO}) {
            KeyspacePlacement user = placement(algorithm).keyspace("user", KeyType.BIGINT, Map.of());
            for (long key : new long[] {42, -7, 0, Integer.MAX_VALUE, Integer.MIN_VALUE, 123_456_789_012L}) {
                int expected = user.shardOfLong(key);
                List<Object> spellings = new java.util.ArrayList<>(List.of(key, BigInteger.valueOf(key),
                        BigDecimal.valueOf(key), new BigDecimal(key + ".000"), Long.toString(key), " " + key + " "));
                if (key == (int) key) {
                    spellings.add((int) key);
                }
                if (key == (short) key) {
                    spellings.add((short) key);
                }
                if (key == (byte) key) {
                    spellings.add((byte) key);
                }
                for (Object spelling : spellings) {
                    assertEquals(expected, user.shardOf(spelling), algorithm + ": " + spelling + " (" + spelling.getClass() + ")");
                    assertEquals(key, user.coerce(spelling));
                }
            }
        }
    }

    @Test
    void ringPlacesTheExampleKeyWherePostgresDoes() throws SQLException {
        // SELECT hashint8extended(42, 0) = 8010225493015854792
        KeyspacePlacement user = placement(Algorithm.RING).keyspace("user", KeyType.BIGINT, Map.of());
        assertEquals(8010225493015854792L, user.keyHash(42));
        assertEquals(8010225493015854792L, user.keyHash("42"));
    }

    @Test
    void textKeysAcceptNumbersAsTheirDecimalText() throws SQLException {
        KeyspacePlacement tenant = placement(Algorithm.RING).keyspace("tenant", KeyType.TEXT, null);
        assertEquals("42", tenant.coerce(42));
        assertEquals("42", tenant.coerce(42L));
        assertEquals("42", tenant.coerce(new BigInteger("42")));
        assertEquals("4200", tenant.coerce(new BigDecimal("4.2E+3")));
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertEquals(uuid.toString(), tenant.coerce(uuid));
        assertEquals(tenant.shardOf("42"), tenant.shardOf(42L));
        assertEquals(tenant.shardOf("42"), tenant.shardOfLong(42L));
        assertEquals(" 42", tenant.coerce(" 42"), "text keys are taken as written");
    }

    @Test
    void uuidKeysAcceptEveryPostgresSpelling() throws SQLException {
        KeyspacePlacement order = placement(Algorithm.JUMP).keyspace("order", KeyType.UUID, null);
        UUID uuid = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        for (String spelling : new String[] {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
                "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc999c0b4ef8bb6d6bb9bd380a11",
                "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}"}) {
            assertEquals(uuid, order.coerce(spelling), spelling);
            assertEquals(order.shardOf(uuid), order.shardOf(spelling), spelling);
        }
        for (String notUuid : new String[] {"1-2-3-4-5", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1",
                "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111", "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11",
                "-a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-",
                "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", ""}) {
            assertBadKey(() -> order.shardOf(notUuid), "order");
        }
    }

    @Test
    void keysThatCannotBeCoercedAreBadKeys() throws SQLException {
        KeyspacePlacement user = placement(Algorithm.RING).keyspace("user", KeyType.BIGINT, Map.of());
        for (Object bad : new Object[] {null, "abc", "", "4 2", "42.5", "9223372036854775808", "٤٢", 4.2, 42.0f,
                new BigDecimal("42.5"), new BigInteger("9223372036854775808"), new Date(0), UUID.randomUUID()}) {
            SQLException e = assertBadKey(() -> user.shardOf(bad), "user");
            assertTrue(e.getMessage().contains("bigint"), e.getMessage());
            if (bad != null) {
                assertTrue(e.getMessage().contains(bad.getClass().getName()), e.getMessage());
            }
        }
        KeyspacePlacement tenant = placement(Algorithm.RING).keyspace("tenant", KeyType.TEXT, null);
        for (Object bad : new Object[] {null, 4.2, new Date(0), "a\u0000b", "x\ud800", "\udc00y"}) {
            assertBadKey(() -> tenant.shardOf(bad), "tenant");
        }
        KeyspacePlacement order = placement(Algorithm.RING).keyspace("order", KeyType.UUID, null);
        for (Object bad : new Object[] {null, 42L, new byte[16]}) {
            assertBadKey(() -> order.shardOf(bad), "order");
        }
        assertBadKey(() -> order.shardOfLong(42), "order");
    }

    @Test
    void longValuesAreShortenedInMessages() throws SQLException {
        KeyspacePlacement user = placement(Algorithm.RING).keyspace("user", KeyType.BIGINT, Map.of());
        SQLException e = assertBadKey(() -> user.shardOf("x".repeat(10_000)), "user");
        assertTrue(e.getMessage().length() < 400, e.getMessage());
    }

    @Test
    void overridesWinOverTheAlgorithm() throws SQLException {
        Placement placement = placement(Algorithm.RING);
        KeyspacePlacement plain = placement.keyspace("post", KeyType.BIGINT, Map.of());
        int natural = plain.shardOfLong(7);
        String other = placement.shardName((natural + 1) % 4);
        KeyspacePlacement post = placement.keyspace("post", KeyType.BIGINT, Map.of("7", other, " -3 ", "s0"));
        for (Object seven : new Object[] {7, 7L, (short) 7, "7", " 7", new BigDecimal("7"), BigInteger.valueOf(7)}) {
            assertEquals(other, placement.shardName(post.shardOf(seven)), String.valueOf(seven));
        }
        assertEquals(other, placement.shardName(post.shardOfLong(7)));
        assertNotEquals(natural, post.shardOfLong(7));
        assertEquals(0, post.shardOfLong(-3));
        assertEquals(plain.shardOfLong(8), post.shardOfLong(8), "keys without an override keep their shard");

        KeyspacePlacement tenant = placement.keyspace("tenant", KeyType.TEXT, Map.of("acme", "s3", "42", "s2"));
        assertEquals(3, tenant.shardOf("acme"));
        assertEquals(2, tenant.shardOf(42));
        assertEquals(2, tenant.shardOfLong(42));

        UUID uuid = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        KeyspacePlacement order = placement.keyspace("order", KeyType.UUID,
                Map.of("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", "s1"));
        assertEquals(1, order.shardOf(uuid));
        assertEquals(1, order.shardOf(uuid.toString()));
    }

    @Test
    void badOverridesAreConfigurationErrors() throws SQLException {
        Placement placement = placement(Algorithm.RING);
        SQLException notAKey = assertThrows(SQLException.class,
                () -> placement.keyspace("post", KeyType.BIGINT, Map.of("seven", "s1")));
        assertEquals("SJ001", notAKey.getSQLState());
        assertTrue(notAKey.getMessage().contains("seven") && notAKey.getMessage().contains("post"), notAKey.getMessage());
        assertEquals("SJ001", assertThrows(SQLException.class,
                () -> placement.keyspace("order", KeyType.UUID, Map.of("42", "s1"))).getSQLState());

        SQLException unknownShard = assertThrows(SQLException.class,
                () -> placement.keyspace("post", KeyType.BIGINT, Map.of("7", "s9")));
        assertEquals("SJ009", unknownShard.getSQLState());
        assertTrue(unknownShard.getMessage().contains("s9"), unknownShard.getMessage());

        SQLException twice = assertThrows(SQLException.class,
                () -> placement.keyspace("post", KeyType.BIGINT, Map.of("7", "s1", "07", "s2")));
        assertEquals("SJ001", twice.getSQLState());
        assertEquals(1, placement.keyspace("post", KeyType.BIGINT, Map.of("7", "s1", "07", "s1")).shardOfLong(7));
    }

    @Test
    void keyspaceDefaultsAndAccessors() throws SQLException {
        KeyspacePlacement keyspace = placement(null).keyspace("default", null, null);
        assertEquals(KeyType.BIGINT, keyspace.type());
        assertEquals("default", keyspace.name());
        assertEquals("SJ001", assertThrows(SQLException.class,
                () -> placement(Algorithm.RING).keyspace(" ", KeyType.BIGINT, null)).getSQLState());
    }

    static SQLException assertBadKey(org.junit.jupiter.api.function.Executable call, String keyspace) {
        SQLException e = assertThrows(SQLException.class, call);
        assertEquals("SJ008", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + keyspace + "'"), e.getMessage());
        return e;
    }
}
