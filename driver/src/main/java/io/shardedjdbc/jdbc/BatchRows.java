package io.shardedjdbc.jdbc;

import io.shardedjdbc.route.ParameterSource;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The parameter sets of a prepared statement's batch, one row after the other in shared arrays: a 1,000-row batch
 * holds a few arrays instead of four objects per row. Row {@code r} holds the parameter store's slots as they were
 * at {@code addBatch} (slot 0 unused, as there), in {@code [starts[r], starts[r + 1])}.
 */
final class BatchRows {
    private static final int SHORT_ROW = 16;
    private int rows;
    private int[] starts = new int[17];
    private int[] kinds = new int[64];
    private long[] longs = new long[64];
    private Object[] values = new Object[64];
    /** Calendars, type names, stream lengths and scales: null until a row has one. */
    private Object[] extras;
    private long[] lengths;

    int size() {
        return rows;
    }

    void clear() {
        int used = starts[rows];
        Arrays.fill(values, 0, used, null);
        if (extras != null) {
            Arrays.fill(extras, 0, used, null);
        }
        rows = 0;
    }

    /** Called by {@link ParameterStore#appendTo}: copies one parameter set, so later setter calls leave it alone. */
    void append(int[] rowKinds, long[] rowLongs, Object[] rowValues, Object[] rowExtras, long[] rowLengths) {
        int width = rowKinds.length;
        int at = starts[rows];
        ensure(at + width, rowExtras != null);
        if (width <= SHORT_ROW) {
            // a few slots: a plain loop costs less than three arraycopy calls (a 1,000-row batch makes 1,000 rows)
            for (int i = 0; i < width; i++) {
                kinds[at + i] = rowKinds[i];
                longs[at + i] = rowLongs[i];
                values[at + i] = rowValues[i];
            }
        } else {
            System.arraycopy(rowKinds, 0, kinds, at, width);
            System.arraycopy(rowLongs, 0, longs, at, width);
            System.arraycopy(rowValues, 0, values, at, width);
        }
        if (rowExtras != null) {
            System.arraycopy(rowExtras, 0, extras, at, width);
            System.arraycopy(rowLengths, 0, lengths, at, width);
        } else if (extras != null) {
            Arrays.fill(extras, at, at + width, null);
            Arrays.fill(lengths, at, at + width, 0);
        }
        if (rows + 2 > starts.length) {
            starts = Arrays.copyOf(starts, starts.length * 2);
        }
        starts[++rows] = at + width;
    }

    private void ensure(int slots, boolean withExtras) {
        if (slots > kinds.length) {
            int n = Math.max(slots, kinds.length * 2);
            kinds = Arrays.copyOf(kinds, n);
            longs = Arrays.copyOf(longs, n);
            values = Arrays.copyOf(values, n);
            if (extras != null) {
                extras = Arrays.copyOf(extras, n);
                lengths = Arrays.copyOf(lengths, n);
            }
        }
        if (withExtras && extras == null) {
            extras = new Object[kinds.length];
            lengths = new long[kinds.length];
        }
    }

    /** Sets every recorded parameter of row {@code row} on {@code ps}, as the row's setter calls did. */
    void replay(int row, PreparedStatement ps) throws SQLException {
        int start = starts[row];
        int width = starts[row + 1] - start;
        for (int i = 1; i < width; i++) {
            int slot = start + i;
            if (kinds[slot] != ParameterStore.UNSET) {
                ParameterStore.replayOne(ps, i, i, kinds[slot], longs[slot], values[slot],
                        extras == null ? null : extras[slot], lengths == null ? 0 : lengths[slot]);
            }
        }
    }

    /** A view of one row for routing; {@link Row#at} moves it, so one view serves a whole batch. */
    Row view() {
        return new Row();
    }

    final class Row implements ParameterSource {
        private int start;
        private int width;

        Row at(int row) {
            start = starts[row];
            width = starts[row + 1] - start;
            return this;
        }

        @Override
        public boolean isLong(int index) {
            return index < width && ParameterStore.isInteger(kinds[start + index]);
        }

        @Override
        public long longValue(int index) {
            return longs[start + index];
        }

        @Override
        public Object value(int index) throws SQLException {
            if (index >= width) {
                return ParameterStore.value(index, ParameterStore.UNSET, 0, null);
            }
            int slot = start + index;
            return ParameterStore.value(index, kinds[slot], longs[slot], values[slot]);
        }
    }
}
