package io.shardedjdbc.exec;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsistencyTokenTest {
    private static final List<String> SHARDS = List.of("s0", "s1", "eu,west:1");

    @Test
    void roundTripsAndLeavesOutShardsWithoutAPosition() throws SQLException {
        long[] positions = {0x16B374D8L, 0, 0x1_0000_0000L};
        String token = ConsistencyToken.format(SHARDS, positions);
        assertEquals("s0:16B374D8,eu%2Cwest%3A1:100000000", token);
        assertArrayEquals(positions, ConsistencyToken.parse(token, SHARDS));
        assertEquals("", ConsistencyToken.format(SHARDS, new long[3]));
        assertArrayEquals(new long[3], ConsistencyToken.parse("", SHARDS));
    }

    @Test
    void repeatedShardsKeepTheHigherPosition() throws SQLException {
        assertArrayEquals(new long[]{0x20, 0, 0}, ConsistencyToken.parse("s0:10,s0:20", SHARDS));
    }

    @Test
    void malformedTokensAreRefusedWith22023() {
        for (String bad : new String[]{"s0", "s0:", ":10", "s0:xyz", "s9:10", "s0:10,,s1:2"}) {
            SQLException e = assertThrows(SQLException.class, () -> ConsistencyToken.parse(bad, SHARDS), bad);
            assertEquals("22023", e.getSQLState());
            assertTrue(e.getMessage().contains("invalid consistency token"), e.getMessage());
        }
    }
}
