package io.shardedjdbc.itest.scatter;

import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.SharedFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-shard reads over every column type applications care about, compared getter by getter and metadata property
 * by metadata property with the server driver reading the same rows from one server: the merged result set must be
 * indistinguishable from a direct one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScatterTypesTest {
    private static final String REFERENCE_SCHEMA = "st_reference";
    private static final String DDL = "CREATE TABLE st_types (id bigint PRIMARY KEY, n numeric(12,3), tz timestamptz,"
            + " ts timestamp, d date, ia int[], ta text[], jb jsonb, j json, u uuid, b bytea, bo boolean, tx text,"
            + " bi bigint)";
    private static final String ALL_COLUMNS = "id, n, tz, ts, d, ia, ta, jb, j, u, b, bo, tx, bi";

    private final Fleet fleet = SharedFleet.get();
    private ShardedDataSource dataSource;

    @BeforeAll
    void setUp() throws SQLException {
        Path topology;
        try {
            topology = fleet.writeTopology(Files.createTempDirectory("sharded-jdbc-types").resolve("shards.yaml"),
                    "scatter: allow\nconsistency: strong\ntables:\n  st_types: { key: id }\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dataSource = new ShardedDataSource("jdbc:sharded:file:" + topology);
        dataSource.setUser(fleet.user());
        dataSource.setPassword(fleet.password());
        try (Connection sharded = dataSource.getConnection(); Connection ref = reference();
             Statement viaDriver = sharded.createStatement(); Statement direct = ref.createStatement()) {
            viaDriver.execute(DDL);
            direct.execute("CREATE SCHEMA " + REFERENCE_SCHEMA);
            ref.setSchema(REFERENCE_SCHEMA);
            direct.execute(DDL);
            for (String values : rows()) {
                String insert = "INSERT INTO st_types (" + ALL_COLUMNS + ") VALUES (" + values + ")";
                viaDriver.execute(insert);
                direct.execute(insert);
            }
        }
    }

    private Connection reference() throws SQLException {
        return fleet.shard(0).primary().connect();
    }

    /** Varied values, a NULL in every column, on several shards. */
    private static List<String> rows() {
        List<String> rows = new ArrayList<>();
        rows.add("0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL");
        String[] offsets = {"+00", "+01", "-03", "+05:30", "+14"};
        for (int id = 1; id <= 24; id++) {
            rows.add(id + ", " + (id % 7 == 0 ? "NULL" : "'" + (id * 1234.5 - 9000.125) + "'")
                    + ", '2024-0" + (1 + id % 9) + "-1" + (id % 10) + " 0" + (id % 10) + ":07:08." + (id * 37)
                    + offsets[id % offsets.length] + "'"
                    + ", '20" + (10 + id) + "-03-05 06:07:" + (10 + id) + (id % 3 == 0 ? ".5" : "") + "'"
                    + ", '" + (id == 5 ? "0044-03-15 BC" : "2023-12-" + (id < 10 ? "0" : "") + id) + "'"
                    + ", '{" + id + "," + (id % 4 == 0 ? "NULL" : -id) + "," + (id * 1000) + "}'"
                    + ", '{\"a b\",t" + id + (id % 5 == 0 ? ",NULL" : "") + "}'"
                    + ", '{\"k\": [" + id + ", \"x\"], \"z\": null}'"
                    + ", '{\"k\":   " + id + "}'"
                    + ", '" + new UUID(id, -id) + "'"
                    + ", '\\x" + HexFormat.of().formatHex(new byte[] {(byte) id, 0, (byte) 0xff}) + "'"
                    + ", " + (id % 3 == 0 ? "false" : "true")
                    + ", 't" + (id < 10 ? "0" : "") + id + "'"
                    + ", " + (id * 1_000_000_007L * (id % 2 == 0 ? 1 : -1)));
        }
        return rows;
    }

    @AfterAll
    void tearDown() throws SQLException {
        if (dataSource != null) {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP TABLE st_types");
            }
            try (Connection ref = reference(); Statement st = ref.createStatement()) {
                st.execute("DROP SCHEMA " + REFERENCE_SCHEMA + " CASCADE");
            }
            dataSource.close();
        }
    }

    @Test
    void theRowsReallyAreSpreadOverTheShards() throws SQLException {
        int withRows = 0;
        for (int s = 0; s < fleet.shards().size(); s++) {
            try (Connection c = fleet.shard(s).primary().connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM public.st_types")) {
                rs.next();
                withRows += rs.getLong(1) > 0 ? 1 : 0;
            }
        }
        assertTrue(withRows >= 3, "shards with rows: " + withRows);
    }

    @Test
    void orderedRowsOfEveryTypeReadAsTheServerDriverReadsThem() throws SQLException {
        sameAsReference("SELECT " + ALL_COLUMNS + " FROM st_types ORDER BY id", true);
    }

    @Test
    void aggregatesKeepTheirTypesAndValues() throws SQLException {
        sameAsReference("SELECT count(*), count(n) AS counted, sum(n), min(n), max(tz), min(ts), max(d),"
                + " sum(bi) AS total, min(tx), bool_and(bo), bool_or(bo) FROM st_types", true);
        sameAsReference("SELECT bo, count(*), sum(n) AS s, max(tz) AS latest FROM st_types GROUP BY bo ORDER BY bo",
                true);
    }

    /** AVG travels as hidden per-shard sums and counts, which the merged metadata does not show. */
    @Test
    void averagesEqualTheServersWithTheirScale() throws SQLException {
        sameAsReference("SELECT count(*), sum(n), avg(n), avg(bi), min(tz) FROM st_types", true);
        sameAsReference("SELECT bo, avg(n) AS a, sum(n) AS s FROM st_types GROUP BY bo ORDER BY bo", true);
    }

    @Test
    void sortKeysOutsideTheSelectListStayInvisible() throws SQLException {
        sameAsReference("SELECT tx, n, tz FROM st_types ORDER BY bi DESC", true);
        sameAsReference("SELECT u, jb, ia FROM st_types ORDER BY ts, id", true);
    }

    /**
     * Runs {@code sql} through the driver and on the reference server and compares them; full metadata only when
     * {@code fullMetadata}, else the visible columns' count and labels.
     */
    private void sameAsReference(String sql, boolean fullMetadata) throws SQLException {
        try (Connection sharded = dataSource.getConnection(); Connection ref = reference()) {
            ref.setSchema(REFERENCE_SCHEMA);
            try (Statement a = sharded.createStatement(); Statement b = ref.createStatement();
                 ResultSet merged = a.executeQuery(sql); ResultSet direct = b.executeQuery(sql)) {
                ResultSetMetaData expected = direct.getMetaData();
                ResultSetMetaData actual = merged.getMetaData();
                assertEquals(expected.getColumnCount(), actual.getColumnCount(), sql);
                for (int c = 1; c <= expected.getColumnCount(); c++) {
                    if (fullMetadata) {
                        assertEquals(metadata(expected, c), metadata(actual, c), sql + " column " + c);
                    } else {
                        assertEquals(expected.getColumnLabel(c), actual.getColumnLabel(c), sql + " column " + c);
                    }
                }
                int row = 0;
                while (direct.next()) {
                    row++;
                    assertTrue(merged.next(), sql + ": the merged result ends after " + (row - 1) + " rows");
                    for (int c = 1; c <= expected.getColumnCount(); c++) {
                        String label = expected.getColumnLabel(c);
                        assertEquals(readings(direct, c, label), readings(merged, c, label),
                                sql + ": row " + row + ", column " + label);
                    }
                }
                assertTrue(!merged.next(), sql + ": the merged result has more than " + row + " rows");
                assertTrue(row > 0, sql + " returned rows");
            }
        }
    }

    private static Map<String, Object> metadata(ResultSetMetaData md, int c) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", md.getColumnLabel(c));
        m.put("name", md.getColumnName(c));
        m.put("type", md.getColumnType(c));
        m.put("typeName", md.getColumnTypeName(c));
        m.put("className", md.getColumnClassName(c));
        m.put("precision", md.getPrecision(c));
        m.put("scale", md.getScale(c));
        m.put("nullable", md.isNullable(c));
        m.put("signed", md.isSigned(c));
        m.put("displaySize", md.getColumnDisplaySize(c));
        m.put("table", md.getTableName(c));
        m.put("schema", md.getSchemaName(c));
        m.put("catalog", md.getCatalogName(c));
        m.put("autoIncrement", md.isAutoIncrement(c));
        m.put("caseSensitive", md.isCaseSensitive(c));
        m.put("searchable", md.isSearchable(c));
        m.put("currency", md.isCurrency(c));
        m.put("readOnly", md.isReadOnly(c));
        m.put("writable", md.isWritable(c));
        m.put("definitelyWritable", md.isDefinitelyWritable(c));
        return m;
    }

    private interface Getter {
        Object get(ResultSet rs, int column) throws SQLException;
    }

    private static final Map<String, Getter> GETTERS = getters();

    private static Map<String, Getter> getters() {
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        Calendar tokyo = Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo"));
        Map<String, Getter> g = new LinkedHashMap<>();
        g.put("getObject", ResultSet::getObject);
        g.put("getString", ResultSet::getString);
        g.put("getInt", ResultSet::getInt);
        g.put("getLong", ResultSet::getLong);
        g.put("getDouble", ResultSet::getDouble);
        g.put("getBigDecimal", ResultSet::getBigDecimal);
        g.put("getBoolean", ResultSet::getBoolean);
        g.put("getBytes", ResultSet::getBytes);
        g.put("getTimestamp", ResultSet::getTimestamp);
        g.put("getTimestamp(UTC)", (rs, c) -> rs.getTimestamp(c, utc));
        g.put("getDate", ResultSet::getDate);
        g.put("getDate(Tokyo)", (rs, c) -> rs.getDate(c, tokyo));
        g.put("getTime", ResultSet::getTime);
        g.put("getTime(UTC)", (rs, c) -> rs.getTime(c, utc));
        g.put("getArray", ResultSet::getArray);
        for (Class<?> type : List.of(LocalDate.class, LocalDateTime.class, OffsetDateTime.class, UUID.class,
                BigDecimal.class, String.class, Long.class, Integer.class, Double.class, Boolean.class, byte[].class)) {
            g.put("getObject(" + type.getSimpleName() + ")", (rs, c) -> rs.getObject(c, type));
        }
        return g;
    }

    /** What every getter gives for one column (by index and by label), as comparable text. */
    private static Map<String, String> readings(ResultSet rs, int column, String label) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Getter> e : GETTERS.entrySet()) {
            out.put(e.getKey(), reading(rs, e.getValue(), column));
        }
        out.put("getString(label)", reading(rs, ResultSet::getString, rs.findColumn(label)));
        out.put("getObject(label)", describe(rs.getObject(label)));
        return out;
    }

    private static String reading(ResultSet rs, Getter getter, int column) throws SQLException {
        String value;
        try {
            value = describe(getter.get(rs, column));
        } catch (SQLException | RuntimeException e) {
            // the server driver refuses some conversions with a different SQLSTATE or a runtime exception; refusing
            // is what must match
            return "refused";
        }
        return value + (rs.wasNull() ? " (null)" : "");
    }

    private static String describe(Object v) throws SQLException {
        if (v == null) {
            return "null";
        }
        if (v instanceof Array a) {
            return "Array " + a.getBaseType() + " " + a.getBaseTypeName() + " " + a
                    + " " + Arrays.deepToString((Object[]) a.getArray())
                    + " " + a.getArray().getClass().getSimpleName();
        }
        if (v instanceof byte[] bytes) {
            return "byte[] " + HexFormat.of().formatHex(bytes);
        }
        if (v instanceof java.util.Date d) {
            return v.getClass().getName() + " " + v + " " + d.getTime()
                    + (v instanceof java.sql.Timestamp t ? " " + t.getNanos() : "");
        }
        return v.getClass().getName() + " " + v;
    }
}
