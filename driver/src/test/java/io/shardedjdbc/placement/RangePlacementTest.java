package io.shardedjdbc.placement;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RangePlacementTest {

    private static Placement ranges(List<Long> from, List<Long> to) throws SQLException {
        List<String> names = List.of("low", "mid", "high").subList(0, from.size());
        return Placement.create(names, Algorithm.RANGE, 4096, from, to);
    }

    @Test
    void keysGoToTheShardWhoseRangeHoldsThem() throws SQLException {
        // declared out of order on purpose: file order is not key order
        Placement placement = Placement.create(List.of("high", "low", "mid"), Algorithm.RANGE, 0,
                Arrays.asList(1000L, null, 0L), Arrays.asList(null, 0L, 1000L));
        KeyspacePlacement user = placement.keyspace("user", KeyType.BIGINT, null);
        assertEquals("low", placement.shardName(user.shardOfLong(Long.MIN_VALUE)));
        assertEquals("low", placement.shardName(user.shardOfLong(-1)));
        assertEquals("mid", placement.shardName(user.shardOfLong(0)));
        assertEquals("mid", placement.shardName(user.shardOf("999")));
        assertEquals("high", placement.shardName(user.shardOf(1000)));
        assertEquals("high", placement.shardName(user.shardOfLong(Long.MAX_VALUE)));
    }

    @Test
    void aKeyOutsideEveryRangeIsAnErrorNotAGuess() throws SQLException {
        Placement placement = ranges(Arrays.asList(0L, 100L, 500L), Arrays.asList(100L, 200L, 600L));
        KeyspacePlacement user = placement.keyspace("user", KeyType.BIGINT, Map.of("250", "mid"));
        assertEquals(0, user.shardOfLong(0));
        assertEquals(1, user.shardOfLong(199));
        assertEquals(2, user.shardOfLong(599));
        assertEquals(1, user.shardOfLong(250), "an override covers a gap");
        for (long outside : new long[] {-1, 200, 499, 600, Long.MIN_VALUE, Long.MAX_VALUE}) {
            SQLException e = KeyspacePlacementTest.assertBadKey(() -> user.shardOfLong(outside), "user");
            assertTrue(e.getMessage().contains(Long.toString(outside)), e.getMessage());
            assertTrue(e.getMessage().contains("low [0, 100)"), e.getMessage());
        }
    }

    @Test
    void overlappingRangesAreRefused() {
        for (List<List<Long>> bad : List.of(
                List.of(Arrays.asList(0L, 99L), Arrays.asList(100L, 200L)),
                List.of(Arrays.asList(null, 0L), Arrays.asList(1L, null)),
                List.of(Arrays.<Long>asList(null, null), Arrays.<Long>asList(null, null)),
                List.of(Arrays.asList(0L, null), Arrays.asList(null, 5L)))) {
            SQLException e = assertThrows(SQLException.class, () -> ranges(bad.get(0), bad.get(1)));
            assertEquals("SJ001", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("overlap"), e.getMessage());
        }
    }

    @Test
    void emptyOrMissingRangesAreRefused() {
        for (List<List<Long>> bad : List.of(
                List.of(Arrays.asList(5L, 10L), Arrays.asList(5L, 20L)),
                List.of(Arrays.asList(null, 10L), Arrays.asList(Long.MIN_VALUE, 20L)),
                List.of(Arrays.asList(7L, 10L), Arrays.asList(3L, 20L)))) {
            SQLException e = assertThrows(SQLException.class, () -> ranges(bad.get(0), bad.get(1)));
            assertEquals("SJ001", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("empty"), e.getMessage());
        }
        assertEquals("SJ001", assertThrows(SQLException.class,
                () -> Placement.create(List.of("a", "b"), Algorithm.RANGE, 0, null, null)).getSQLState());
        assertEquals("SJ001", assertThrows(SQLException.class,
                () -> Placement.create(List.of("a", "b"), Algorithm.RANGE, 0, List.of(1L), List.of(2L))).getSQLState());
    }

    @Test
    void rangePlacementNeedsBigintKeys() throws SQLException {
        Placement placement = ranges(Arrays.asList(null, 0L), Arrays.asList(0L, null));
        for (KeyType type : new KeyType[] {KeyType.TEXT, KeyType.UUID}) {
            SQLException e = assertThrows(SQLException.class, () -> placement.keyspace("k", type, null));
            assertEquals("SJ001", e.getSQLState(), e.getMessage());
        }
        assertEquals(1, placement.keyspace("k", KeyType.BIGINT, null).shardOf("12"));
    }
}
