package io.shardedjdbc.config;

import io.shardedjdbc.SqlState;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code jdbc:sharded:file:<path>} or {@code jdbc:sharded:classpath:<resource>} URL.
 *
 * @param kind       where the topology file is read from
 * @param location   the path or resource exactly as written (without the query), used to name the file in messages
 * @param parameters URL-decoded query parameters in URL order: top-level settings and {@code pool.<property>}
 */
public record ShardedUrl(Kind kind, String location, Map<String, String> parameters) {
    public static final String PREFIX = "jdbc:sharded:";
    /** Query parameters with this prefix set HikariCP properties of every node's pool. */
    public static final String POOL_PREFIX = "pool.";

    private static final String FILE = "file:";
    private static final String CLASSPATH = "classpath:";
    private static final String FORMS = "jdbc:sharded:file:<path> or jdbc:sharded:classpath:<resource>";

    public enum Kind { FILE, CLASSPATH }

    public ShardedUrl {
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** @return whether the URL is one this driver handles (others get {@code null} from connect) */
    public static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    /** @throws SQLException CONFIG_INVALID when the URL is not a well-formed sharded-jdbc URL */
    public static ShardedUrl parse(String url) throws SQLException {
        if (!accepts(url)) {
            throw SqlState.CONFIG_INVALID.exception("not a sharded-jdbc URL: expected " + FORMS);
        }
        String rest = url.substring(PREFIX.length());
        int question = rest.indexOf('?');
        String target = question < 0 ? rest : rest.substring(0, question);
        String query = question < 0 ? "" : rest.substring(question + 1);

        Kind kind;
        String location;
        if (target.startsWith(FILE)) {
            kind = Kind.FILE;
            location = fileLocation(target.substring(FILE.length()));
        } else if (target.startsWith(CLASSPATH)) {
            kind = Kind.CLASSPATH;
            location = target.substring(CLASSPATH.length());
        } else {
            throw SqlState.CONFIG_INVALID.exception("URL " + PREFIX + target
                    + " names no topology source: expected " + FORMS);
        }
        if (location.isEmpty() || (kind == Kind.CLASSPATH && location.equals("/"))) {
            throw SqlState.CONFIG_INVALID.exception("URL " + PREFIX + target
                    + " names no topology file: expected " + FORMS);
        }
        return new ShardedUrl(kind, location, parseQuery(query));
    }

    /**
     * @return the topology file's absolute path (relative paths resolve against the working directory)
     * @throws SQLException CONFIG_INVALID for a classpath URL or a path the file system cannot represent
     */
    public Path path() throws SQLException {
        if (kind != Kind.FILE) {
            throw SqlState.CONFIG_INVALID.exception("classpath:" + location + " is a classpath resource, not a file");
        }
        try {
            return Path.of(location).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw SqlState.CONFIG_INVALID.exception("topology file path '" + location + "' is not valid: "
                    + e.getReason(), e);
        }
    }

    /** @return the resource name as class loaders expect it (no leading slash) */
    public String resource() {
        return location.startsWith("/") ? location.substring(1) : location;
    }

    /**
     * @param url a URL {@link #parse} accepts
     * @return {@code url} without its query parameters named {@code key}, the rest exactly as written (and without
     *         the {@code ?} when nothing is left of the query)
     */
    public static String withoutParameter(String url, String key) {
        int question = url.indexOf('?');
        if (question < 0) {
            return url;
        }
        StringBuilder kept = new StringBuilder();
        boolean removed = false;
        for (String pair : url.substring(question + 1).split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq > 0 && key.equals(decodedName(pair.substring(0, eq)))) {
                removed = true;
                continue;
            }
            kept.append(kept.length() == 0 ? "" : "&").append(pair);
        }
        if (!removed) {
            return url;
        }
        return kept.length() == 0 ? url.substring(0, question) : url.substring(0, question + 1) + kept;
    }

    private static String decodedName(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** Passwords are left out: URLs end up in logs. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(PREFIX).append(kind == Kind.FILE ? FILE : CLASSPATH).append(location);
        char separator = '?';
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            sb.append(separator).append(p.getKey()).append('=')
                    .append(isSecret(p.getKey()) ? "***" : p.getValue());
            separator = '&';
        }
        return sb.toString();
    }

    private static boolean isSecret(String key) {
        Setting s = Setting.byKey(key);
        return s != null && s.secret();
    }

    /** {@code file:///abs} is the RFC 8089 spelling of {@code file:/abs}; a host part is not something we can open. */
    private static String fileLocation(String afterScheme) throws SQLException {
        if (!afterScheme.startsWith("//")) {
            return afterScheme;
        }
        if (afterScheme.startsWith("///")) {
            return afterScheme.substring(2);
        }
        throw SqlState.CONFIG_INVALID.exception("URL " + PREFIX + FILE + afterScheme
                + " names a host; write " + PREFIX + "file:/absolute/path or " + PREFIX + "file:relative/path");
    }

    private static Map<String, String> parseQuery(String query) throws SQLException {
        Map<String, String> params = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue; // tolerate "a=1&&b=2" and a trailing "&"
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw SqlState.CONFIG_INVALID.exception("URL parameter '" + redactedPair(pair)
                        + "' is not of the form name=value");
            }
            String key = decode(pair.substring(0, eq), "name");
            String value = decode(pair.substring(eq + 1), key);
            checkParameter(key, value);
            if (params.put(key, value) != null) {
                throw SqlState.CONFIG_INVALID.exception("URL parameter " + key + " is given twice");
            }
        }
        return params;
    }

    private static String redactedPair(String pair) {
        return pair.startsWith("password") ? "password..." : pair;
    }

    private static String decode(String text, String what) throws SQLException {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            String shown = "password".equals(what) ? "***" : "'" + text + "'";
            throw SqlState.CONFIG_INVALID.exception("URL parameter " + what + ": " + shown
                    + " is not valid percent-encoding (write % as %25)", e);
        }
    }

    private static void checkParameter(String key, String value) throws SQLException {
        String problem = Overrides.problem("URL parameter ", key, value, null);
        if (problem != null) {
            throw SqlState.CONFIG_INVALID.exception(problem);
        }
    }

    static List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (Setting s : Setting.values()) {
            names.add(s.key());
        }
        return names;
    }
}
