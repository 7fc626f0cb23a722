package io.shardedjdbc.sql;

import java.util.Arrays;
import java.util.List;

/**
 * The VALUES rows of an INSERT on a sharded table, located in the statement text so that the statement can be
 * split per shard: the text before the first row (INSERT INTO ... VALUES, hints) and after the last one
 * (ON CONFLICT, RETURNING) is kept as written. Immutable.
 */
public final class InsertRows {
    private final String sql;
    private final int prefixEnd;
    private final int suffixStart;
    private final int[] rowStart;
    private final int[] rowEnd;
    private final KeyExpr[] keys;
    private final int[] prefixParameters;
    private final int[][] rowParameters;
    private final int[] suffixParameters;

    private InsertRows(String sql, int[] rowStart, int[] rowEnd, KeyExpr[] keys, int[] parameterOffsets) {
        this.sql = sql;
        this.rowStart = rowStart;
        this.rowEnd = rowEnd;
        this.keys = keys;
        this.prefixEnd = rowStart[0];
        this.suffixStart = rowEnd[rowEnd.length - 1];
        this.prefixParameters = indexesWithin(parameterOffsets, 0, prefixEnd);
        this.suffixParameters = indexesWithin(parameterOffsets, suffixStart, Integer.MAX_VALUE);
        this.rowParameters = new int[rowStart.length][];
        for (int r = 0; r < rowStart.length; r++) {
            rowParameters[r] = indexesWithin(parameterOffsets, rowStart[r], rowEnd[r]);
        }
    }

    /**
     * Finds the rows after the top-level VALUES keyword of an INSERT.
     *
     * @return null when the text does not show as many rows as the parser found (then the statement is not split)
     */
    static InsertRows locate(LexedSql lexed, List<KeyExpr> rowKeys) {
        int insert = lexed.findTopLevelWord(0, "insert");
        int values = insert < 0 ? -1 : lexed.findTopLevelWord(insert + 1, "values");
        if (values < 0) {
            return null;
        }
        List<Token> tokens = lexed.tokens();
        int n = rowKeys.size();
        int[] starts = new int[n];
        int[] ends = new int[n];
        int i = values + 1;
        for (int row = 0; row < n; row++) {
            if (row > 0) {
                if (lexed.typeAt(i) != Token.Type.COMMA) {
                    return null;
                }
                i++;
            }
            if (lexed.typeAt(i) != Token.Type.OPEN_PAREN) {
                return null;
            }
            int close = lexed.matchingClose(i);
            if (close < 0) {
                return null;
            }
            starts[row] = tokens.get(i).start();
            ends[row] = tokens.get(close).end();
            i = close + 1;
        }
        if (lexed.typeAt(i) == Token.Type.COMMA) {
            return null;
        }
        return new InsertRows(lexed.sql(), starts, ends, rowKeys.toArray(new KeyExpr[0]), lexed.parameterOffsets());
    }

    private static int[] indexesWithin(int[] offsets, int from, int to) {
        int count = 0;
        for (int offset : offsets) {
            if (offset >= from && offset < to) {
                count++;
            }
        }
        int[] result = new int[count];
        int k = 0;
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] >= from && offsets[i] < to) {
                result[k++] = i + 1;
            }
        }
        return result;
    }

    public int rowCount() {
        return keys.length;
    }

    /** @return where row {@code row} (0-based) takes its key, or null when the row gives none */
    public KeyExpr keyOf(int row) {
        checkRow(row);
        return keys[row];
    }

    /** @return the same INSERT with only these rows (0-based, in this order); text around the rows unchanged */
    public String sqlForRows(int[] rows) {
        checkRows(rows);
        StringBuilder sb = new StringBuilder(sql.length());
        sb.append(sql, 0, prefixEnd);
        for (int i = 0; i < rows.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(sql, rowStart[rows[i]], rowEnd[rows[i]]);
        }
        sb.append(sql, suffixStart, sql.length());
        return sb.toString();
    }

    /** @return the original 1-based parameter indexes, in the order {@link #sqlForRows} binds them */
    public int[] parameterIndexesForRows(int[] rows) {
        checkRows(rows);
        int count = prefixParameters.length + suffixParameters.length;
        for (int row : rows) {
            count += rowParameters[row].length;
        }
        int[] result = new int[count];
        System.arraycopy(prefixParameters, 0, result, 0, prefixParameters.length);
        int k = prefixParameters.length;
        for (int row : rows) {
            System.arraycopy(rowParameters[row], 0, result, k, rowParameters[row].length);
            k += rowParameters[row].length;
        }
        System.arraycopy(suffixParameters, 0, result, k, suffixParameters.length);
        return result;
    }

    private void checkRows(int[] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("at least one row is needed to build an INSERT");
        }
        for (int row : rows) {
            checkRow(row);
        }
    }

    private void checkRow(int row) {
        if (row < 0 || row >= keys.length) {
            throw new IllegalArgumentException("row " + row + " is not in 0.." + (keys.length - 1));
        }
    }

    @Override
    public String toString() {
        return "InsertRows" + Arrays.toString(keys);
    }
}
