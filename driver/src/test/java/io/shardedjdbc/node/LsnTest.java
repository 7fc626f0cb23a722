package io.shardedjdbc.node;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LsnTest {
    @Test
    void parsesAndFormatsPostgresqlWalPositions() {
        assertEquals(0x16_B374D848L, Lsn.parse("16/B374D848"));
        assertEquals("16/B374D848", Lsn.format(Lsn.parse("16/b374d848")));
        assertEquals(0, Lsn.parse(null));
        assertEquals("0/0", Lsn.format(0));
        assertEquals(0xFFFFFFFF_FFFFFFFFL, Lsn.parse("FFFFFFFF/FFFFFFFF"));
        for (String bad : new String[]{"16", "/1", "1/", "1/2/3", "100000000/0", "x/1"}) {
            assertThrows(IllegalArgumentException.class, () -> Lsn.parse(bad), bad);
        }
    }
}
