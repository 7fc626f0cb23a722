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
}
