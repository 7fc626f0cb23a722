package io.shardedjdbc.sql;

/** A column of one table occurrence. */
record ColumnNode(TableRef table, String column) {
}
