package io.shardedjdbc.itest.fleet;

import java.net.URI;
import java.net.URISyntaxException;

/** Host, port and database of a {@code jdbc:postgresql://host[:port]/database} URL. */
record JdbcUrls(String host, int port, String database) {
    private static final String PREFIX = "jdbc:postgresql://";

    static JdbcUrls parse(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            throw new FleetException("not a PostgreSQL JDBC URL: " + url + " (expected " + PREFIX + "host:port/database)");
        }
        try {
            URI uri = new URI("postgresql://" + url.substring(PREFIX.length()));
            String path = uri.getPath() == null ? "" : uri.getPath();
            String database = path.startsWith("/") ? path.substring(1) : path;
            if (uri.getHost() == null || database.isEmpty()) {
                throw new FleetException("the JDBC URL " + url + " names no host or no database");
            }
            return new JdbcUrls(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(), database);
        } catch (URISyntaxException e) {
            throw new FleetException("malformed JDBC URL " + url + ": " + e.getMessage(), e);
        }
    }
}
