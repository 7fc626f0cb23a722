package io.shardedjdbc.jdbc;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A batch's rows keep each addBatch's parameters, whatever the rows' widths and extras, and are read back as set. */
class BatchRowsTest {
    private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    private static final Timestamp AT = Timestamp.valueOf("2026-11-21 10:11:12");

    /** The setter calls a replay makes, as "name(index, args...)". */
    private static List<String> replay(BatchRows rows, int row) throws SQLException {
        List<String> calls = new ArrayList<>();
        PreparedStatement recorder = (PreparedStatement) Proxy.newProxyInstance(BatchRowsTest.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, (p, m, a) -> {
                    calls.add(m.getName() + Arrays.toString(a));
                    return null;
                });
        rows.replay(row, recorder);
        return calls;
    }

    @Test
    void rowsOfDifferentWidthsAndExtrasReplayAsTheyWereSet() throws SQLException {
        ParameterStore params = new ParameterStore(2);
        BatchRows rows = new BatchRows();
        params.put(1, ParameterStore.Kind.LONG, 5);
        params.put(2, ParameterStore.Kind.STRING, "a");
        params.appendTo(rows);
        // a later parameter widens the store; a calendar brings the extras arrays
        params.put(9, ParameterStore.Kind.TIMESTAMP, 0, AT, UTC, 0);
        params.appendTo(rows);
        params.clear();
        params.put(1, ParameterStore.Kind.INT, 7);
        params.appendTo(rows);
        for (int i = 0; i < 200; i++) {
            params.put(1, ParameterStore.Kind.LONG, 1000 + i);
            params.appendTo(rows);
        }
        assertEquals(203, rows.size());
        assertEquals(List.of("setLong[1, 5]", "setString[2, a]"), replay(rows, 0));
        assertEquals(List.of("setLong[1, 5]", "setString[2, a]", "setTimestamp[9, " + AT + ", " + UTC + "]"),
                replay(rows, 1));
        assertEquals(List.of("setInt[1, 7]"), replay(rows, 2));
        assertEquals(List.of("setLong[1, 1199]"), replay(rows, 202));
    }

    @Test
    void aRowIsReadForRoutingWithoutTheStore() throws SQLException {
        ParameterStore params = new ParameterStore(3);
        BatchRows rows = new BatchRows();
        params.put(1, ParameterStore.Kind.LONG, 42);
        params.put(3, ParameterStore.Kind.STRING, "k");
        params.appendTo(rows);
        params.put(1, ParameterStore.Kind.STRING, "later");
        BatchRows.Row row = rows.view().at(0);
        assertTrue(row.isLong(1));
        assertEquals(42L, row.longValue(1));
        assertEquals(42L, row.value(1));
        assertFalse(row.isLong(3));
        assertEquals("k", row.value(3));
        assertFalse(row.isLong(40));
        assertEquals("22023", assertThrows(SQLException.class, () -> row.value(2)).getSQLState());
        assertEquals("22023", assertThrows(SQLException.class, () -> row.value(40)).getSQLState());
    }

    @Test
    void onlyTheSetParametersAreReplayed() throws SQLException {
        ParameterStore params = new ParameterStore(2);
        BatchRows rows = new BatchRows();
        params.put(2, ParameterStore.Kind.LONG, 1);
        params.appendTo(rows);
        // the store replays only what was set; pgjdbc reports the missing parameter when the batch runs
        assertEquals(List.of("setLong[2, 1]"), replay(rows, 0));
    }

    @Test
    void clearedRowsStartOverAndHoldNoValues() throws SQLException {
        ParameterStore params = new ParameterStore(1);
        BatchRows rows = new BatchRows();
        params.put(1, ParameterStore.Kind.STRING, "first");
        params.appendTo(rows);
        rows.clear();
        assertEquals(0, rows.size());
        params.put(1, ParameterStore.Kind.NULL, java.sql.Types.VARCHAR);
        params.appendTo(rows);
        assertEquals(List.of("setNull[1, 12]"), replay(rows, 0));
        assertNull(rows.view().at(0).value(1));
    }
}
