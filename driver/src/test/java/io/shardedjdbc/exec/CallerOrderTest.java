package io.shardedjdbc.exec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The rows of a split INSERT's parts, back in the caller's row order. */
class CallerOrderTest {
    private static final CallerOrder.KeyForm LONGS = v -> v instanceof Number n ? (Object) n.longValue() : null;

    /** Caller rows 0..4 with keys 10..14; part 0 was sent rows 0, 2, 4 and part 1 rows 1, 3. */
    private static final int[][] SENT = {{0, 2, 4}, {1, 3}};
    private static final Object[] KEYS = {10L, 11L, 12L, 13L, 14L};

    private static Object[] row(long key, String v) {
        return new Object[]{v, key};
    }

    @SafeVarargs
    private static List<Object[]>[] parts(List<Object[]>... parts) {
        return parts;
    }

    private static List<Object[]> rows(Object[]... rows) {
        List<Object[]> list = new ArrayList<>();
        java.util.Collections.addAll(list, rows);
        return list;
    }

    private static List<String> labels(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add((String) r[0]));
        return out;
    }

    @Test
    void oneRowPerSentRowIsPutBackByPosition() {
        List<Object[]> rows = CallerOrder.of(parts(rows(row(10, "a"), row(12, "c"), row(14, "e")),
                rows(row(11, "b"), row(13, "d"))), SENT, -1, KEYS, LONGS);
        assertEquals(List.of("a", "b", "c", "d", "e"), labels(rows));
    }

    @Test
    void skippedRowsAreFoundByTheKeyColumn() {
        // ON CONFLICT DO NOTHING skipped rows 2 and 1
        List<Object[]> rows = CallerOrder.of(parts(rows(row(10, "a"), row(14, "e")), rows(row(13, "d"))),
                SENT, 1, KEYS, LONGS);
        assertEquals(List.of("a", "d", "e"), labels(rows));
    }

    @Test
    void withoutTheKeyColumnSkippedRowsLeaveTheOrderUnknown() {
        assertNull(CallerOrder.of(parts(rows(row(10, "a")), rows(row(11, "b"), row(13, "d"))), SENT, -1, KEYS,
                LONGS));
        // a returned key no sent row has
        assertNull(CallerOrder.of(parts(rows(row(99, "a")), null), SENT, 1, KEYS, LONGS));
    }

    @Test
    void partsThatReturnNothingGiveNoRows() {
        assertEquals(List.of("b", "d"), labels(CallerOrder.of(parts(null, rows(row(11, "b"), row(13, "d"))),
                SENT, 1, KEYS, LONGS)));
    }
}
