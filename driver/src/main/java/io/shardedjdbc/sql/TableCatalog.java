package io.shardedjdbc.sql;

import io.shardedjdbc.config.TableSpec;

/** What the topology says about the schema, as the analyzer needs it: its tables and the functions that write. */
@FunctionalInterface
public interface TableCatalog {
    /**
     * @param lowerCaseTableNameWithoutSchema e.g. {@code users} for {@code "Public"."Users"}
     * @return the table's spec, or null when the topology does not list it
     */
    TableSpec find(String lowerCaseTableNameWithoutSchema);

    /**
     * Functions the application declared as writing (setting {@code writeFunctions}), besides the built-in ones the
     * analyzer knows: a SELECT calling one is a write.
     *
     * @param lowerCaseFunctionNameWithoutSchema e.g. {@code touch_user}
     */
    default boolean writes(String lowerCaseFunctionNameWithoutSchema) {
        return false;
    }

    /**
     * The column names of a sharded table in their order on the servers, for an INSERT without a column list; read
     * from the servers' catalogs by whoever implements this, never guessed.
     *
     * @param lowerCaseTableNameWithoutSchema the table as the statement names it (a partition keeps its own name)
     * @return the columns in attribute order, or null when they have not been read yet
     */
    default java.util.List<String> columns(String lowerCaseTableNameWithoutSchema) {
        return null;
    }
}
