package io.shardedjdbc.config;

import java.util.Properties;

/** Checks the JDBC URL of one PostgreSQL server (a shard's primary or replica). */
final class NodeUrls {
    static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

    private NodeUrls() {
    }

    /** @return null when the URL names exactly one PostgreSQL server, else what is wrong with it */
    static String problem(String url) {
        if (!url.startsWith(POSTGRESQL_PREFIX)) {
            return "'" + redact(url) + "' is not a PostgreSQL JDBC URL: it must start with " + POSTGRESQL_PREFIX
                    + " (e.g. jdbc:postgresql://10.0.0.1:5432/app)";
        }
        Properties parsed = org.postgresql.Driver.parseURL(url, null);
        if (parsed == null) {
            return "'" + redact(url) + "' is not a valid PostgreSQL JDBC URL (check host, port and parameters)";
        }
        // pgjdbc's own multi-host failover would hide which server a statement ran on; roles are ours to route
        String host = parsed.getProperty("PGHOST", "");
        if (host.contains(",")) {
            return "'" + redact(url) + "' names several servers; give one server per URL and list standbys "
                    + "under replicas";
        }
        return null;
    }

    /** URLs are echoed in messages and logs: a password parameter is masked. */
    static String redact(String url) {
        int at = url.indexOf("password=");
        if (at < 0) {
            return url;
        }
        int end = url.indexOf('&', at);
        return url.substring(0, at) + "password=***" + (end < 0 ? "" : url.substring(end));
    }
}
