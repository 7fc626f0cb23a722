package io.shardedjdbc.node;

/** PostgreSQL WAL positions ({@code pg_lsn}, written {@code 16/B374D848}) as 64-bit numbers. */
public final class Lsn {
    private Lsn() {
    }

    /** @return the position, or 0 for null (no position known) */
    public static long parse(String text) {
        if (text == null) {
            return 0;
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("not a WAL position: '" + text + "'");
        }
        long high = Long.parseLong(text, 0, slash, 16);
        long low = Long.parseLong(text, slash + 1, text.length(), 16);
        if (high > 0xFFFF_FFFFL || low > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("not a WAL position: '" + text + "'");
        }
        return high << 32 | low;
    }

    public static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFF_FFFFL).toUpperCase();
    }
}
