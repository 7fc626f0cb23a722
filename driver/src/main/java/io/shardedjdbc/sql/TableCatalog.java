package io.shardedjdbc.sql;

import io.shardedjdbc.config.TableSpec;

/** The tables of the topology, as the analyzer needs them. */
@FunctionalInterface
public interface TableCatalog {
    /**
     * @param lowerCaseTableNameWithoutSchema e.g. {@code users} for {@code "Public"."Users"}
     * @return the table's spec, or null when the topology does not list it
     */
    TableSpec find(String lowerCaseTableNameWithoutSchema);
}
