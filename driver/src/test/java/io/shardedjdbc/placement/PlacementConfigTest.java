package io.shardedjdbc.placement;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlacementConfigTest {

    private static SQLException configError(org.junit.jupiter.api.function.Executable call) {
        SQLException e = assertThrows(SQLException.class, call);
        assertEquals("SJ001", e.getSQLState(), e.getMessage());
        return e;
    }

    @Test
    void shardListMustBeUsable() {
        configError(() -> Placement.create(List.of(), Algorithm.RING, 4096, null, null));
        configError(() -> Placement.create(null, Algorithm.RING, 4096, null, null));
        configError(() -> Placement.create(Arrays.asList("s0", null), Algorithm.RING, 4096, null, null));
        configError(() -> Placement.create(List.of("s0", " "), Algorithm.JUMP, 4096, null, null));
        SQLException duplicate = configError(() -> Placement.create(List.of("s0", "s1", "s0"), Algorithm.JUMP, 1, null, null));
        assertTrue(duplicate.getMessage().contains("'s0'"), duplicate.getMessage());
    }

    @Test
    void ringSizeIsBounded() throws SQLException {
        configError(() -> Placement.create(List.of("s0"), Algorithm.RING, 0, null, null));
        configError(() -> Placement.create(List.of("s0"), Algorithm.RING, -5, null, null));
        configError(() -> Placement.create(List.of("s0"), Algorithm.RING, Placement.MAX_VIRTUAL_NODES + 1, null, null));
        // virtual nodes mean nothing to the other algorithms
        assertEquals(2, Placement.create(List.of("s0", "s1"), Algorithm.JUMP, 0, null, null).shardCount());
    }

    @Test
    void rangesBelongToRangePlacementOnly() throws SQLException {
        SQLException e = configError(() -> Placement.create(List.of("s0", "s1"), Algorithm.RING, 16,
                Arrays.asList(null, 100L), Arrays.asList(100L, null)));
        assertTrue(e.getMessage().contains("'s1' declares from: 100") && e.getMessage().contains("ring"), e.getMessage());
        assertEquals(2, Placement.create(List.of("s0", "s1"), Algorithm.RING, 16,
                Arrays.asList(null, null), Arrays.asList(null, null)).shardCount());
    }

    @Test
    void accessors() throws SQLException {
        Placement placement = Placement.create(List.of("b", "a"), null, 16, null, null);
        assertEquals(Algorithm.RING, placement.algorithm());
        assertEquals(2, placement.shardCount());
        assertEquals("b", placement.shardName(0));
        assertEquals(1, placement.shardIndex("a"));
        assertEquals(List.of("b", "a"), placement.shardNames());
        assertEquals("SJ009", assertThrows(SQLException.class, () -> placement.shardIndex("c")).getSQLState());
        assertEquals("SJ009", assertThrows(SQLException.class, () -> placement.shardIndex(null)).getSQLState());
    }
}
