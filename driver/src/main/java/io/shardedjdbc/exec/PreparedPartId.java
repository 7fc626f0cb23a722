package io.shardedjdbc.exec;

/**
 * The name PostgreSQL keeps one prepared part of a multi-shard commit under:
 * {@code sharded-jdbc:<txid>:<part>:<decision shard>}. It says whose it is (the prefix: prepared transactions of other
 * software never start with it), which commit it belongs to, and on which shard that commit's decision is kept, so
 * that any driver instance that finds the part can finish it. Part numbers keep the names unique on a server that
 * holds several shards' databases (PostgreSQL's names are unique per server, not per database).
 */
record PreparedPartId(String txid, int part, String decisionShard) {
    static final String PREFIX = "sharded-jdbc:";
    /** PostgreSQL's limit on a prepared transaction's name, in bytes. */
    private static final int MAX_BYTES = 199;

    String gid() {
        return PREFIX + txid + ":" + part + ":" + decisionShard;
    }

    /** @return the name as an SQL string literal (PREPARE TRANSACTION takes no parameters) */
    String literal() {
        return "'" + gid().replace("'", "''") + "'";
    }

    /** @return whether the name fits PostgreSQL's limit (shard names are free text) */
    boolean fits() {
        return gid().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    /** @return the parsed name, or null when it is not one of ours or is malformed (then it is never touched) */
    static PreparedPartId parse(String gid) {
        if (gid == null || !gid.startsWith(PREFIX)) {
            return null;
        }
        String[] p = gid.substring(PREFIX.length()).split(":", 3);
        if (p.length < 3 || p[0].isEmpty() || p[2].isEmpty()) {
            return null;
        }
        try {
            return new PreparedPartId(p[0], Integer.parseInt(p[1]), p[2]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
