package io.shardedjdbc.placement;

import io.shardedjdbc.SqlState;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Turns a bound parameter into the canonical value of its keyspace's type, so that the same key lands on the
 * same shard however the application binds it: bigint keys become {@code long}, text keys {@code String},
 * uuid keys {@link UUID}. Whatever cannot be converted without guessing is refused with {@link SqlState#BAD_KEY}.
 */
final class KeyCoercion {

    private static final int MAX_SHOWN = 64;

    private KeyCoercion() {
    }

    static long toBigint(String keyspace, Object key) throws SQLException {
        if (key instanceof Long value) {
            return value;
        }
        if (key instanceof Integer || key instanceof Short || key instanceof Byte) {
            return ((Number) key).longValue();
        }
        if (key instanceof BigInteger value && value.bitLength() < Long.SIZE) {
            return value.longValue();
        }
        if (key instanceof BigDecimal value) {
            try {
                return value.longValueExact();
            } catch (ArithmeticException notIntegral) {
                throw refused(keyspace, KeyType.BIGINT, key, "it is not a whole number that fits in a bigint");
            }
        }
        if (key instanceof String text) {
            String trimmed = text.trim();
            // Long.parseLong also reads non-ASCII digits, which PostgreSQL's bigint input refuses
            if (isAsciiInteger(trimmed)) {
                try {
                    return Long.parseLong(trimmed);
                } catch (NumberFormatException outOfRange) {
                    // reported below
                }
            }
            throw refused(keyspace, KeyType.BIGINT, key, "it is not a whole number that fits in a bigint");
        }
        throw refused(keyspace, KeyType.BIGINT, key,
                "bind it with setLong, setInt, setBigDecimal (scale 0) or as a string of digits");
    }

    private static boolean isAsciiInteger(String text) {
        int n = text.length();
        int i = n > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        if (i == n) {
            return false;
        }
        for (; i < n; i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
    }

    static String toText(String keyspace, Object key) throws SQLException {
        String text;
        if (key instanceof String value) {
            text = value;
        } else if (key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof Byte
                || key instanceof BigInteger || key instanceof UUID) {
            text = key.toString();
        } else if (key instanceof BigDecimal value) {
            text = value.toPlainString();
        } else {
            throw refused(keyspace, KeyType.TEXT, key, "bind it with setString");
        }
        for (int i = 0, n = text.length(); i < n; i++) {
            char ch = text.charAt(i);
            if (ch == 0) {
                throw refused(keyspace, KeyType.TEXT, key, "PostgreSQL text cannot hold the character U+0000");
            }
            if (Character.isSurrogate(ch)) {
                if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw refused(keyspace, KeyType.TEXT, key, "it holds an unpaired UTF-16 surrogate");
                }
            }
        }
        return text;
    }

    static UUID toUuid(String keyspace, Object key) throws SQLException {
        if (key instanceof UUID value) {
            return value;
        }
        if (key instanceof String text) {
            UUID parsed = parseUuid(text.trim());
            if (parsed != null) {
                return parsed;
            }
            throw refused(keyspace, KeyType.UUID, key, "it is not a uuid (expected 8-4-4-4-12 hex digits)");
        }
        throw refused(keyspace, KeyType.UUID, key, "bind it with setObject(java.util.UUID) or as a uuid string");
    }

    /**
     * Parses the spellings PostgreSQL's uuid input accepts: 32 hex digits, optionally in braces, with an
     * optional hyphen after any group of four digits. {@link UUID#fromString} is not used: it accepts
     * short groups such as {@code 1-2-3-4-5}, which PostgreSQL refuses.
     *
     * @return the uuid, or null when the text is not one
     */
    static UUID parseUuid(String text) {
        int start = 0;
        int end = text.length();
        if (end > 0 && text.charAt(0) == '{') {
            if (text.charAt(end - 1) != '}') {
                return null;
            }
            start = 1;
            end--;
        }
        long high = 0;
        long low = 0;
        int digits = 0;
        for (int i = start; i < end; i++) {
            char ch = text.charAt(i);
            if (ch == '-' && digits > 0 && digits < 32 && digits % 4 == 0 && text.charAt(i - 1) != '-') {
                continue;
            }
            int value = Character.digit(ch, 16);
            if (value < 0 || ch > 'f' || digits == 32) {
                return null;
            }
            if (digits < 16) {
                high = (high << 4) | value;
            } else {
                low = (low << 4) | value;
            }
            digits++;
        }
        return digits == 32 ? new UUID(high, low) : null;
    }

    static SQLException refused(String keyspace, KeyType type, Object key, String advice) {
        String shown;
        if (key == null) {
            shown = "null";
            advice = "a statement on a sharded table needs a non-null key";
        } else {
            String text = String.valueOf(key);
            if (text.length() > MAX_SHOWN) {
                text = text.substring(0, MAX_SHOWN) + "...";
            }
            shown = "'" + text + "' (" + key.getClass().getName() + ")";
        }
        return SqlState.BAD_KEY.exception("Key " + shown + " cannot be used in keyspace '" + keyspace
                + "' of type " + type.yamlName() + ": " + advice);
    }
}
