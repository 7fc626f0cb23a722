package io.shardedjdbc.jdbc;

import io.shardedjdbc.exec.DetachedArray;
import io.shardedjdbc.exec.RenderedValue;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PGobject;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The text PostgreSQL would have sent for values held as Java objects (what getString returns). */
class PgTextTest {

    @Test
    void floatsPrintAsPostgresPrintsThem() {
        assertEquals("1e+20", PgText.float8(1e20));
        assertEquals("3", PgText.float8(3.0));
        assertEquals("0.5", PgText.float8(0.5));
        assertEquals("1e-05", PgText.float8(1e-5));
        assertEquals("0.0001", PgText.float8(0.0001));
        assertEquals("1e+15", PgText.float8(1e15));
        assertEquals("123456789012345", PgText.float8(123456789012345.0));
        assertEquals("1.2345678901234568e+17", PgText.float8(123456789012345678.0));
        assertEquals("-2.5e-07", PgText.float8(-2.5e-7));
        assertEquals("-0", PgText.float8(-0.0));
        assertEquals("NaN", PgText.float8(Double.NaN));
        assertEquals("-Infinity", PgText.float8(Double.NEGATIVE_INFINITY));
        assertEquals("0.10000000149011612", PgText.float8((double) 0.1f));
        assertEquals("0.1", PgText.float4(0.1f));
        assertEquals("1e+06", PgText.float4(1e6f));
        assertEquals("123456", PgText.float4(123456f));
    }

    @Test
    void otherValuesPrintAsTheServerSendsThem() throws SQLException {
        assertNull(PgText.of(null));
        assertEquals("0.0000001", PgText.of(new BigDecimal("1E-7")));
        assertEquals("1234.500", PgText.of(new BigDecimal("1234.500")));
        assertEquals("t", PgText.of(true));
        assertEquals("f", PgText.of(false));
        assertEquals("\\x0102ff", PgText.of(new byte[] {1, 2, (byte) 0xff}));
        PGobject json = new PGobject();
        json.setType("jsonb");
        json.setValue("{\"a\": [1, 2]}");
        assertEquals("{\"a\": [1, 2]}", PgText.of(json));
        UUID u = UUID.randomUUID();
        assertEquals(u.toString(), PgText.of(u));
        assertEquals("9007199254740993", PgText.of(9007199254740993L));
        assertEquals("{1,2,3}", PgText.of(new DetachedArray(4, "int4", new Integer[] {1, 2, 3}, "{1,2,3}")));
        assertEquals("2024-03-05 07:07:08.123456+01",
                PgText.of(new RenderedValue(new Timestamp(0), "2024-03-05 07:07:08.123456+01")));
    }
}
