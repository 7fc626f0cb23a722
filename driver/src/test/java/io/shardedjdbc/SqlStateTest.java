package io.shardedjdbc;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SQLSTATE enum stays a readable table: one constant per code, the driver's own SJ states first. */
class SqlStateTest {
    @Test
    void codesAreUniqueWellFormedAndDescribed() {
        Set<String> codes = new HashSet<>();
        for (SqlState s : SqlState.values()) {
            assertTrue(s.code().matches("[0-9A-Z]{5}"), s.name());
            assertTrue(codes.add(s.code()), s.code() + " is declared twice");
            assertTrue(s.meaning().endsWith("."), s.name() + ": meanings are sentences");
            assertEquals(s.code(), s.exception("m").getSQLState());
            assertEquals(s.code(), s.exception("m", new RuntimeException()).getSQLState());
        }
    }

    @Test
    void driverStatesComeFirstThenStandardOnesInCodeOrder() {
        List<String> own = new ArrayList<>();
        List<String> standard = new ArrayList<>();
        for (SqlState s : SqlState.values()) {
            if (s.code().startsWith("SJ")) {
                assertTrue(standard.isEmpty(), s.code() + " after a standard state");
                own.add(s.code());
            } else {
                standard.add(s.code());
            }
        }
        List<String> sorted = new ArrayList<>(own);
        sorted.sort(null);
        assertEquals(sorted, own);
        sorted = new ArrayList<>(standard);
        sorted.sort(null);
        assertEquals(sorted, standard);
    }
}
