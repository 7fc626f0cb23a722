package io.shardedjdbc.exec;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * What a physical result set's metadata says about each column, copied while its connection is held. The
 * arrays {@link #labels()}, {@link #types()} and {@link #typeNames()} are views of {@link #meta()} for callers
 * that need only those.
 */
public record ResultColumns(String[] labels, int[] types, String[] typeNames, ColumnMeta[] meta) {
    public static final ResultColumns EMPTY = new ResultColumns(new String[0], new int[0], new String[0]);

    public ResultColumns {
        if (labels.length != types.length || labels.length != typeNames.length || labels.length != meta.length) {
            throw new IllegalArgumentException("columns need as many labels, types, type names and metadata");
        }
    }

    /** Columns known by label and type only: the other properties are those of an expression of that type. */
    public ResultColumns(String[] labels, int[] types, String[] typeNames) {
        this(labels, types, typeNames, basic(labels, types, typeNames));
    }

    private static ColumnMeta[] basic(String[] labels, int[] types, String[] typeNames) {
        int n = Math.min(labels.length, Math.min(types.length, typeNames.length));
        ColumnMeta[] meta = new ColumnMeta[n];
        for (int i = 0; i < n; i++) {
            meta[i] = ColumnMeta.basic(labels[i], types[i], typeNames[i]);
        }
        return meta;
    }

    /**
     * Of two parts' columns, the ones to show: a part that returned no rows may describe none (pgjdbc's generated
     * keys of a batch whose rows were all skipped), while another part's describe them all.
     */
    public static ResultColumns fuller(ResultColumns kept, ResultColumns next) {
        if (next == null) {
            return kept;
        }
        return kept == null || kept.labels.length < next.labels.length ? next : kept;
    }

    public static ResultColumns of(ColumnMeta[] meta) {
        int n = meta.length;
        String[] labels = new String[n];
        int[] types = new int[n];
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = meta[i].label();
            types[i] = meta[i].type();
            names[i] = meta[i].typeName();
        }
        return new ResultColumns(labels, types, names, meta);
    }

    public static ResultColumns of(ResultSetMetaData md) throws SQLException {
        ColumnMeta[] meta = new ColumnMeta[md.getColumnCount()];
        for (int i = 0; i < meta.length; i++) {
            meta[i] = ColumnMeta.of(md, i + 1);
        }
        return of(meta);
    }

    /** The first {@code count} columns: the select list without the sort keys the shards returned after it. */
    public ResultColumns prefix(int count) {
        if (count < 0 || count > meta.length) {
            throw new IllegalArgumentException("cannot keep " + count + " of " + meta.length + " columns");
        }
        return of(Arrays.copyOf(meta, count));
    }

    public int count() {
        return meta.length;
    }
}
