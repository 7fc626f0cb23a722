package io.shardedjdbc.itest.write;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The load phase of a TPC-C-like benchmark client, as such clients write it: INSERTs without a column list, the
 * warehouse id bound with setInt, executeBatch every {@link #BATCH} rows whatever warehouse the rows belong to (so a
 * batch can span shards), districts loaded one warehouse per transaction.
 */
final class TpccLoad {
    static final int WAREHOUSES = 4;
    static final int DISTRICTS = 10;
    static final int CUSTOMERS_PER_DISTRICT = 25;
    static final int BATCH = 100;

    static final List<String> DDL = List.of(
            "CREATE TABLE wd_warehouse (w_id bigint PRIMARY KEY, w_name text NOT NULL, w_tax numeric(4,4) NOT NULL,"
                    + " w_ytd numeric(12,2) NOT NULL)",
            "CREATE TABLE wd_district (d_w_id bigint NOT NULL, d_id int NOT NULL, d_name text NOT NULL,"
                    + " d_tax numeric(4,4) NOT NULL, d_next_o_id int NOT NULL, PRIMARY KEY (d_w_id, d_id))",
            "CREATE TABLE wd_customer (c_w_id bigint NOT NULL, c_d_id int NOT NULL, c_id int NOT NULL,"
                    + " c_last text NOT NULL, c_credit char(2) NOT NULL, c_balance numeric(12,2) NOT NULL,"
                    + " PRIMARY KEY (c_w_id, c_d_id, c_id))");

    /** Table, its warehouse column, and the rows loaded per warehouse. */
    record Loaded(String table, String warehouseColumn, int perWarehouse) {
    }

    static final List<Loaded> TABLES = List.of(
            new Loaded("wd_warehouse", "w_id", 1),
            new Loaded("wd_district", "d_w_id", DISTRICTS),
            new Loaded("wd_customer", "c_w_id", DISTRICTS * CUSTOMERS_PER_DISTRICT));

    private TpccLoad() {
    }

    /**
     * What the load did: the update counts of every executeBatch that succeeded, in order, and every SQLException.
     * A real client stops at the first error; this one goes on so that a run shows every way the load goes wrong.
     */
    record Result(List<int[]> counts, List<String> errors) {
    }

    static Result load(Connection c) throws SQLException {
        List<int[]> counts = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO wd_warehouse VALUES (?, ?, ?, ?)")) {
            for (int w = 1; w <= WAREHOUSES; w++) {
                ps.setInt(1, w);
                ps.setString(2, "W" + w);
                ps.setBigDecimal(3, new BigDecimal("0.0" + w));
                ps.setBigDecimal(4, new BigDecimal("300000.00"));
                ps.addBatch();
            }
            counts.add(ps.executeBatch());
        } catch (SQLException e) {
            errors.add("warehouse batch (auto-commit): " + e.getSQLState() + " " + e.getMessage());
        }
        for (int w = 1; w <= WAREHOUSES; w++) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO wd_district VALUES (?, ?, ?, ?, ?)")) {
                for (int d = 1; d <= DISTRICTS; d++) {
                    ps.setInt(1, w);
                    ps.setInt(2, d);
                    ps.setString(3, "D" + w + "-" + d);
                    ps.setBigDecimal(4, new BigDecimal("0.0" + d % 10));
                    ps.setInt(5, 3001);
                    ps.addBatch();
                }
                counts.add(ps.executeBatch());
                c.commit();
            } catch (SQLException e) {
                errors.add("district batch of warehouse " + w + " (one transaction): " + e.getSQLState() + " "
                        + e.getMessage());
                c.rollback();
            } finally {
                c.setAutoCommit(true);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO wd_customer VALUES (?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (int w = 1; w <= WAREHOUSES; w++) {
                for (int d = 1; d <= DISTRICTS; d++) {
                    for (int id = 1; id <= CUSTOMERS_PER_DISTRICT; id++) {
                        ps.setInt(1, w);
                        ps.setInt(2, d);
                        ps.setInt(3, id);
                        ps.setString(4, "BAR" + (id % 10) + "OUGHT");
                        ps.setString(5, id % 10 == 0 ? "BC" : "GC");
                        ps.setBigDecimal(6, new BigDecimal("-10.00"));
                        ps.addBatch();
                        if (++pending == BATCH) {
                            flush(ps, counts, errors, w);
                            pending = 0;
                        }
                    }
                }
            }
            if (pending > 0) {
                flush(ps, counts, errors, WAREHOUSES);
            }
        }
        return new Result(counts, errors);
    }

    private static void flush(PreparedStatement ps, List<int[]> counts, List<String> errors, int warehouse)
            throws SQLException {
        try {
            counts.add(ps.executeBatch());
        } catch (SQLException e) {
            errors.add("customer batch ending in warehouse " + warehouse + " (auto-commit): " + e.getSQLState() + " "
                    + e.getMessage());
            ps.clearBatch();
        }
    }
}
