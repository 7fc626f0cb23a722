package io.shardedjdbc.exec;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Everything a physical result set's metadata says about one column, copied while its connection is still held, so
 * that metadata of merged rows answers as the server's driver did.
 */
public record ColumnMeta(String label, String name, int type, String typeName, String className, int precision,
                         int scale, int nullable, boolean signed, int displaySize, String tableName,
                         String schemaName, String catalogName, boolean autoIncrement, boolean caseSensitive,
                         boolean searchable, boolean currency, boolean readOnly, boolean writable,
                         boolean definitelyWritable) {

    /** Column {@code column} (1-based) of {@code md}. */
    public static ColumnMeta of(ResultSetMetaData md, int column) throws SQLException {
        return new ColumnMeta(md.getColumnLabel(column), md.getColumnName(column), md.getColumnType(column),
                md.getColumnTypeName(column), md.getColumnClassName(column), md.getPrecision(column),
                md.getScale(column), md.isNullable(column), md.isSigned(column), md.getColumnDisplaySize(column),
                md.getTableName(column), md.getSchemaName(column), md.getCatalogName(column),
                md.isAutoIncrement(column), md.isCaseSensitive(column), md.isSearchable(column),
                md.isCurrency(column), md.isReadOnly(column), md.isWritable(column),
                md.isDefinitelyWritable(column));
    }

    /**
     * A column known only by label and type: the rest is what the server's driver says for an expression of that
     * type (no table, nullability unknown, precision and scale not given).
     */
    public static ColumnMeta basic(String label, int type, String typeName) {
        boolean text = type == Types.CHAR || type == Types.VARCHAR || type == Types.LONGVARCHAR
                || type == Types.NCHAR || type == Types.NVARCHAR || type == Types.LONGNVARCHAR;
        return new ColumnMeta(label, label, type, typeName, className(type), 0, 0,
                ResultSetMetaData.columnNullableUnknown, signed(type), text ? Integer.MAX_VALUE : 0, "", "", "",
                false, text, true, false, false, true, false);
    }

    private static boolean signed(int type) {
        return switch (type) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE,
                 Types.NUMERIC, Types.DECIMAL -> true;
            default -> false;
        };
    }

    /** The class {@code getObject} returns for a JDBC type, as PostgreSQL's driver reports it. */
    public static String className(int type) {
        return switch (type) {
            case Types.BIT, Types.BOOLEAN -> "java.lang.Boolean";
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> "java.lang.Integer";
            case Types.BIGINT -> "java.lang.Long";
            case Types.REAL -> "java.lang.Float";
            case Types.FLOAT, Types.DOUBLE -> "java.lang.Double";
            case Types.NUMERIC, Types.DECIMAL -> "java.math.BigDecimal";
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR ->
                    "java.lang.String";
            case Types.DATE -> "java.sql.Date";
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> "java.sql.Time";
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> "java.sql.Timestamp";
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> "[B";
            case Types.ARRAY -> "java.sql.Array";
            case Types.SQLXML -> "java.sql.SQLXML";
            default -> "java.lang.Object";
        };
    }
}
