package io.shardedjdbc.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Puts the rows the parts of a split multi-row INSERT returned (RETURNING rows, generated keys) back in the order
 * of the caller's VALUES rows, as one server returns them. A part returns its rows in the order it was sent them;
 * when it returned fewer (ON CONFLICT DO NOTHING, DO UPDATE ... WHERE skipped some), each returned row is matched to
 * the next row it was sent that has the same key, so the output must show the key column. Pure.
 */
final class CallerOrder {
    /** Turns a returned key value into the canonical form of the sent keys; null when it cannot be one. */
    @FunctionalInterface
    interface KeyForm {
        Object of(Object returned);
    }

    private CallerOrder() {
    }

    /** Returned values in the keyspace's canonical form; a value that is no key of it (or no placement) matches none. */
    static KeyForm keyForm(io.shardedjdbc.placement.KeyspacePlacement ks) {
        return value -> {
            if (value == null || ks == null) {
                return null;
            }
            try {
                return ks.coerce(value);
            } catch (java.sql.SQLException notAKey) {
                return null;
            }
        };
    }

    /**
     * @param parts     the rows each part returned, in its order (null: a part that returned none)
     * @param partRows  the caller's row indexes each part was sent, in order
     * @param keyColumn the 0-based column of the returned rows holding the shard key, or -1 when they do not show it
     * @param rowKeys   the canonical key of each of the caller's rows (null entries: unknown)
     * @return the rows in the caller's order; null when the order cannot be known (the caller keeps part order)
     */
    static List<Object[]> of(List<Object[]>[] parts, int[][] partRows, int keyColumn, Object[] rowKeys, KeyForm form) {
        Object[][] byRow = byRow(parts, partRows, rowKeys.length, keyColumn, rowKeys, form);
        if (byRow == null) {
            return null;
        }
        List<Object[]> ordered = new ArrayList<>(byRow.length);
        for (Object[] row : byRow) {
            if (row != null) {
                ordered.add(row);
            }
        }
        return ordered;
    }

    /**
     * @param rows how many caller rows there are
     * @return per caller row the row returned for it, null where none was; null when that cannot be known
     */
    static Object[][] byRow(List<Object[]>[] parts, int[][] partRows, int rows, int keyColumn, Object[] rowKeys,
                            KeyForm form) {
        Object[][] byRow = new Object[rows][];
        for (int p = 0; p < parts.length; p++) {
            List<Object[]> returned = parts[p];
            if (returned == null || returned.isEmpty()) {
                continue;
            }
            int[] sent = partRows[p];
            if (returned.size() > sent.length) {
                return null;
            }
            if (returned.size() == sent.length) {
                for (int k = 0; k < sent.length; k++) {
                    byRow[sent[k]] = returned.get(k);
                }
                continue;
            }
            if (keyColumn < 0 || rowKeys == null || !matchByKey(returned, sent, keyColumn, rowKeys, form, byRow)) {
                return null;
            }
        }
        return byRow;
    }

    /** @return the 0-based column labelled like the key column, or -1 */
    static int keyColumn(String[] labels, String keyColumn) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].equalsIgnoreCase(keyColumn)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matchByKey(List<Object[]> returned, int[] sent, int keyColumn, Object[] rowKeys,
                                      KeyForm form, Object[][] byRow) {
        int next = 0;
        for (Object[] row : returned) {
            if (keyColumn >= row.length) {
                return false;
            }
            Object key = form.of(row[keyColumn]);
            while (next < sent.length && (key == null || !Objects.equals(rowKeys[sent[next]], key))) {
                next++;
            }
            if (next == sent.length) {
                return false;
            }
            byRow[sent[next++]] = row;
        }
        return true;
    }
}
