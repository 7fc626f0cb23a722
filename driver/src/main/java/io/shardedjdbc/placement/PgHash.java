package io.shardedjdbc.placement;

import java.util.UUID;

/**
 * PostgreSQL's 64-bit ("extended") hash functions, bit for bit, so that every placement decision can be
 * recomputed in SQL on any PostgreSQL server: {@code hashint8extended}, {@code hashtextextended} and
 * {@code uuid_hash_extended}. All results are the signed 64-bit values PostgreSQL returns.
 *
 * <p>The core is Bob Jenkins' lookup3 as PostgreSQL adapted it (words read little-endian, as on the x86 and
 * ARM servers PostgreSQL runs on; the 64-bit result is the final {@code b} in the high half and {@code c} in
 * the low half). Text is hashed as UTF-8 bytes, which is what a UTF-8 database with a deterministic collation
 * hashes. The String variants encode on the fly and allocate nothing.
 */
public final class PgHash {

    private static final int INITIAL = 0x9e3779b9 + 3923095;

    private PgHash() {
    }

    /** {@code hashint8extended(key, seed)}. */
    public static long hashInt8Extended(long key, long seed) {
        // int8 folds into 32 bits so that equal int2/int4/int8 values hash alike (cross-type hash joins)
        int low = (int) key;
        int high = (int) (key >>> 32);
        return hashUint32Extended(low ^ (key >= 0 ? high : ~high), seed);
    }

    /** {@code hashint8extended(key, 0)}: the bigint key hash of the placement contract. */
    public static long hashInt8(long key) {
        return hashInt8Extended(key, 0L);
    }

    /** {@code hashint4extended(value, seed)}: a 32-bit value hashed as PostgreSQL's hash_uint32_extended does. */
    public static long hashUint32Extended(int value, long seed) {
        int a = INITIAL + 4;
        int b = a;
        int c = a;
        if (seed != 0) {
            a += (int) (seed >>> 32);
            b += (int) seed;
            // lookup3's mix(a, b, c), written out in place: Java cannot return three ints without allocating
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
        }
        a += value;
        return finish(a, b, c);
    }

    /** {@code hashtextextended(text, 0)}: the text key hash of the placement contract. */
    public static long hashText(CharSequence text) {
        return hashTextExtended(text, 0L);
    }

    /**
     * {@code hashtextextended(text, seed)} for a string PostgreSQL can store (no NUL, no unpaired surrogate;
     * {@link KeyCoercion} refuses those before they get here). Encodes UTF-8 on the fly, allocation free.
     */
    public static long hashTextExtended(CharSequence text, long seed) {
        int length = utf8Length(text);
        int a = INITIAL + length;
        int b = a;
        int c = a;
        if (seed != 0) {
            a += (int) (seed >>> 32);
            b += (int) seed;
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
        }
        // Bytes are gathered little-endian into the three words of a 12-byte block; a full block is mixed
        // at once, whatever is left at the end is the lookup3 "tail".
        int wa = 0;
        int wb = 0;
        int wc = 0;
        int position = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            int ch = text.charAt(i);
            int codePoint = ch;
            int count;
            if (ch < 0x80) {
                count = 1;
            } else if (ch < 0x800) {
                count = 2;
            } else if (Character.isHighSurrogate((char) ch) && i + 1 < n
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                codePoint = Character.toCodePoint((char) ch, text.charAt(++i));
                count = 4;
            } else {
                count = 3;
            }
            for (int index = 0; index < count; index++) {
                int unit = utf8Byte(codePoint, count, index);
                int shift = (position & 3) << 3;
                if (position < 4) {
                    wa |= unit << shift;
                } else if (position < 8) {
                    wb |= unit << shift;
                } else {
                    wc |= unit << shift;
                }
                if (++position == 12) {
                    a += wa;
                    b += wb;
                    c += wc;
                    a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
                    b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
                    c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
                    a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
                    b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
                    c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
                    wa = 0;
                    wb = 0;
                    wc = 0;
                    position = 0;
                }
            }
        }
        // In the tail the lowest byte of c is left alone (lookup3 reserved it for the length), so the
        // bytes 8..10 land one byte higher than in a full block.
        a += wa;
        b += wb;
        c += wc << 8;
        return finish(a, b, c);
    }

    /** {@code hashtextextended} of text given as its UTF-8 bytes. */
    public static long hashTextExtended(byte[] utf8, long seed) {
        return hashBytesExtended(utf8, 0, utf8.length, seed);
    }

    /** {@code uuid_hash_extended(uuid, 0)}: the uuid key hash of the placement contract. */
    public static long hashUuid(UUID uuid) {
        return hashUuidExtended(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits(), 0L);
    }

    /**
     * {@code uuid_hash_extended(uuid, seed)}: the 16 bytes in network order (as PostgreSQL stores a uuid)
     * are hashed like any byte string, which is three full words, a mix, then a one-word tail.
     */
    public static long hashUuidExtended(long mostSignificant, long leastSignificant, long seed) {
        int a = INITIAL + 16;
        int b = a;
        int c = a;
        if (seed != 0) {
            a += (int) (seed >>> 32);
            b += (int) seed;
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
        }
        a += Integer.reverseBytes((int) (mostSignificant >>> 32));
        b += Integer.reverseBytes((int) mostSignificant);
        c += Integer.reverseBytes((int) (leastSignificant >>> 32));
        a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
        b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
        c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
        a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
        b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
        c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
        a += Integer.reverseBytes((int) leastSignificant);
        return finish(a, b, c);
    }

    /** PostgreSQL's {@code hash_bytes_extended} over {@code length} bytes from {@code offset}. */
    public static long hashBytesExtended(byte[] bytes, int offset, int length, long seed) {
        int a = INITIAL + length;
        int b = a;
        int c = a;
        if (seed != 0) {
            a += (int) (seed >>> 32);
            b += (int) seed;
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
        }
        int p = offset;
        int remaining = length;
        while (remaining >= 12) {
            a += littleEndianWord(bytes, p);
            b += littleEndianWord(bytes, p + 4);
            c += littleEndianWord(bytes, p + 8);
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            p += 12;
            remaining -= 12;
        }
        for (int i = 0; i < remaining; i++) {
            int unit = bytes[p + i] & 0xff;
            if (i < 4) {
                a += unit << (i << 3);
            } else if (i < 8) {
                b += unit << ((i - 4) << 3);
            } else {
                c += unit << ((i - 7) << 3);
            }
        }
        return finish(a, b, c);
    }

    /** Number of bytes {@code text} takes in UTF-8 (an unpaired surrogate counts as the 3 bytes we hash). */
    static int utf8Length(CharSequence text) {
        int n = text.length();
        int length = n;
        for (int i = 0; i < n; i++) {
            char ch = text.charAt(i);
            if (ch >= 0x80) {
                if (ch < 0x800) {
                    length += 1;
                } else if (Character.isHighSurrogate(ch) && i + 1 < n
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    length += 2; // two chars, four bytes
                    i++;
                } else {
                    length += 2;
                }
            }
        }
        return length;
    }

    /** Byte {@code index} (0 = first) of the {@code count}-byte UTF-8 encoding of {@code codePoint}. */
    private static int utf8Byte(int codePoint, int count, int index) {
        if (count == 1) {
            return codePoint;
        }
        int payload = codePoint >>> (6 * (count - 1 - index));
        if (index == 0) {
            return ((0xff00 >> count) & 0xff) | payload; // lead byte: 110xxxxx, 1110xxxx or 11110xxx
        }
        return 0x80 | (payload & 0x3f);
    }

    private static int littleEndianWord(byte[] bytes, int p) {
        return (bytes[p] & 0xff) | (bytes[p + 1] & 0xff) << 8 | (bytes[p + 2] & 0xff) << 16
                | (bytes[p + 3] & 0xff) << 24;
    }

    /** lookup3's final(a, b, c), reporting b in the high and c in the low half as PostgreSQL does. */
    private static long finish(int a, int b, int c) {
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return ((long) b << 32) | (c & 0xffffffffL);
    }
}
