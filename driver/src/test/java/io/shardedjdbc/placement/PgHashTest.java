package io.shardedjdbc.placement;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hash port against values computed by PostgreSQL 15 (see golden.sql next to the CSV files). */
class PgHashTest {

    @Test
    void bigintMatchesHashint8extended() {
        List<String[]> rows = GoldenCsv.rows("hash-int8.csv");
        for (String[] row : rows) {
            long key = Long.parseLong(row[0]);
            assertEquals(Long.parseLong(row[1]), PgHash.hashInt8(key), () -> "hashint8extended(" + key + ", 0)");
        }
        assertTrue(rows.size() > 800);
    }

    @Test
    void bigintGoldenVectorsIncludeTheEdges() {
        assertEquals(-9109110466470504941L, PgHash.hashInt8(Long.MIN_VALUE));
        List<String> keys = GoldenCsv.rows("hash-int8.csv").stream().map(row -> row[0]).toList();
        for (long edge : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE,
                Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L}) {
            assertTrue(keys.contains(Long.toString(edge)), "golden vectors cover " + edge);
        }
    }

    @Test
    void textMatchesHashtextextendedForStringsAndBytes() {
        List<String[]> rows = GoldenCsv.rows("hash-text.csv");
        boolean[] byteLengthSeen = new boolean[31];
        for (String[] row : rows) {
            byte[] utf8 = GoldenCsv.hex(row[0]);
            String text = new String(utf8, StandardCharsets.UTF_8);
            long expected = Long.parseLong(row[1]);
            assertEquals(expected, PgHash.hashText(text), () -> "hashtextextended('" + text + "', 0)");
            assertEquals(expected, PgHash.hashTextExtended(utf8, 0), () -> "bytes of '" + text + "'");
            if (utf8.length <= 30) {
                byteLengthSeen[utf8.length] = true;
            }
        }
        for (int length = 0; length <= 30; length++) {
            assertTrue(byteLengthSeen[length], "golden vectors cover byte length " + length);
        }
    }

    @Test
    void textGoldenVectorsIncludeNonAscii() {
        List<String> texts = GoldenCsv.rows("hash-text.csv").stream().map(row -> GoldenCsv.utf8(row[0])).toList();
        for (String sample : new String[] {"", "a", "é", "日本語", "😀", "a😀b", "👩‍👩‍👧‍👦"}) {
            assertTrue(texts.contains(sample), "golden vectors cover " + sample);
        }
        assertEquals(-6939563903564495251L, PgHash.hashText(""));
    }

    @Test
    void uuidMatchesUuidHashExtended() {
        List<String[]> rows = GoldenCsv.rows("hash-uuid.csv");
        for (String[] row : rows) {
            UUID uuid = UUID.fromString(row[0]);
            assertEquals(Long.parseLong(row[1]), PgHash.hashUuid(uuid), () -> "uuid_hash_extended('" + uuid + "', 0)");
        }
        assertEquals(-6859010066814654381L, PgHash.hashUuid(new UUID(0, 0)));
    }

    @Test
    void seededHashesMatchPostgres() {
        for (String[] row : GoldenCsv.rows("hash-seeded.csv")) {
            long seed = Long.parseLong(row[2]);
            long expected = Long.parseLong(row[3]);
            long actual = switch (row[0]) {
                case "bigint" -> PgHash.hashInt8Extended(Long.parseLong(row[1]), seed);
                case "text" -> PgHash.hashTextExtended(GoldenCsv.utf8(row[1]), seed);
                case "uuid" -> {
                    UUID uuid = UUID.fromString(row[1]);
                    yield PgHash.hashUuidExtended(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits(), seed);
                }
                default -> throw new IllegalStateException(row[0]);
            };
            assertEquals(expected, actual, () -> String.join(",", row));
            if (row[0].equals("text")) {
                assertEquals(expected, PgHash.hashTextExtended(GoldenCsv.hex(row[1]), seed));
            }
        }
    }

    @Test
    void streamingTextHashEqualsHashOfUtf8Bytes() {
        Random random = new Random(20240501);
        int[] alphabet = {'a', 'Z', '0', ' ', 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x65e5, 0xfffd, 0xffff, 0x10000,
                0x1f600, 0x10ffff};
        for (int round = 0; round < 5000; round++) {
            StringBuilder text = new StringBuilder();
            int codePoints = random.nextInt(40);
            for (int i = 0; i < codePoints; i++) {
                text.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
            }
            String value = text.toString();
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            assertEquals(utf8.length, PgHash.utf8Length(value));
            assertEquals(PgHash.hashTextExtended(utf8, 0), PgHash.hashText(value), value);
            assertEquals(PgHash.hashBytesExtended(utf8, 0, utf8.length, 99), PgHash.hashTextExtended(value, 99));
        }
    }

    @Test
    void bytesAtAnOffsetHashLikeACopy() {
        byte[] padded = "xxhello world, sharded!yy".getBytes(StandardCharsets.US_ASCII);
        assertEquals(PgHash.hashText("hello world, sharded!"), PgHash.hashBytesExtended(padded, 2, padded.length - 4, 0));
    }
}
