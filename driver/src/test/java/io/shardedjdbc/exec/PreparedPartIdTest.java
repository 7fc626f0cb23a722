package io.shardedjdbc.exec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreparedPartIdTest {
    @Test
    void aNameSaysWhoseItIsWhichCommitAndWhereTheDecisionIs() {
        PreparedPartId id = new PreparedPartId("1f2e-3", 2, "eu:west's");
        assertEquals("sharded-jdbc:1f2e-3:2:eu:west's", id.gid());
        assertEquals("'sharded-jdbc:1f2e-3:2:eu:west''s'", id.literal(), "a string literal, quotes doubled");
        assertEquals(id, PreparedPartId.parse(id.gid()), "the shard name may hold colons: it comes last");
    }

    @Test
    void namesOfOtherSoftwareOrMalformedOnesAreNotOurs() {
        assertNull(PreparedPartId.parse("other-app:1"));
        assertNull(PreparedPartId.parse("sharded-jdbcx:a:1:s0"));
        assertNull(PreparedPartId.parse("sharded-jdbc:no-part-number"));
        assertNull(PreparedPartId.parse("sharded-jdbc:a:one:s0"));
        assertNull(PreparedPartId.parse("sharded-jdbc::1:s0"));
        assertNull(PreparedPartId.parse("sharded-jdbc:a:1:"));
        assertNull(PreparedPartId.parse(null));
    }

    @Test
    void aNameLongerThanPostgreSqlAllowsIsNoticed() {
        assertTrue(new PreparedPartId("a-1", 1, "s".repeat(150)).fits());
        assertFalse(new PreparedPartId("a-1", 1, "s".repeat(190)).fits());
        assertFalse(new PreparedPartId("a-1", 1, "é".repeat(95)).fits(), "PostgreSQL counts bytes");
    }
}
