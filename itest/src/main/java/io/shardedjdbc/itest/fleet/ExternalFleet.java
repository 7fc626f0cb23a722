package io.shardedjdbc.itest.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Servers run by someone else, named in the environment:
 * <ul>
 *   <li>{@value #ENV_URLS}: {@code s0=primaryUrl[,replicaUrl...];s1=...} (pgjdbc URLs, shards in placement order)</li>
 *   <li>{@value #ENV_USER} and {@value #ENV_PASSWORD}: credentials valid on every server</li>
 * </ul>
 * The first {@code shards} shards and their first {@code replicasPerShard} replicas are used. Replay can be
 * paused (the user needs the right to); stop, kill, start and promote throw
 * {@link UnsupportedOperationException}, and {@link #close()} leaves the servers alone.
 */
public final class ExternalFleet implements Fleet {
    public static final String ENV_URLS = "SHARDED_JDBC_FLEET_URLS";
    public static final String ENV_USER = "SHARDED_JDBC_FLEET_USER";
    public static final String ENV_PASSWORD = "SHARDED_JDBC_FLEET_PASSWORD";
    private static final String LIFECYCLE_ADVICE = "the external fleet (" + FleetBackend.ENV + "=external) does not "
            + "manage its servers; run tests that stop, kill or promote nodes with " + FleetBackend.ENV + "=local";

    private final List<FleetShard> shards;
    private final String user;
    private final String password;
    private final String database;

    private ExternalFleet(List<FleetShard> shards, String user, String password, String database) {
        this.shards = List.copyOf(shards);
        this.user = user;
        this.password = password;
        this.database = database;
    }

    /** The fleet described by {@code env}; fails when it describes fewer shards or replicas than asked for. */
    public static ExternalFleet fromEnvironment(Map<String, String> env, int shards, int replicasPerShard) {
        String spec = required(env, ENV_URLS);
        String user = required(env, ENV_USER);
        String password = env.getOrDefault(ENV_PASSWORD, "");
        List<FleetShard> parsed = new ArrayList<>();
        for (String entry : spec.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new FleetException(ENV_URLS + ": '" + entry.trim() + "' is not name=primaryUrl[,replicaUrl...]");
            }
            String name = entry.substring(0, equals).trim();
            String[] urls = entry.substring(equals + 1).split(",");
            List<FleetNode> replicas = new ArrayList<>();
            for (int r = 1; r < urls.length && replicas.size() < replicasPerShard; r++) {
                replicas.add(new RemoteNode(name + "-replica" + r, name, urls[r].trim(), true, user, password, LIFECYCLE_ADVICE));
            }
            if (replicas.size() < replicasPerShard) {
                throw new FleetException(ENV_URLS + " gives shard " + name + " " + (urls.length - 1)
                        + " replica(s); this test needs " + replicasPerShard);
            }
            parsed.add(new FleetShard(name, new RemoteNode(name + "-primary", name, urls[0].trim(), false, user, password,
                    LIFECYCLE_ADVICE), replicas));
        }
        if (parsed.size() < shards) {
            throw new FleetException(ENV_URLS + " names " + parsed.size() + " shard(s); this test needs " + shards);
        }
        List<FleetShard> used = parsed.subList(0, shards);
        String database = ((RemoteNode) used.get(0).primary()).database();
        return new ExternalFleet(used, user, password, database);
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new FleetException(FleetBackend.ENV + "=external needs " + name + " (" + ENV_URLS
                    + "=s0=jdbc:postgresql://host:port/db[,replicaUrl...];s1=..., " + ENV_USER + ", " + ENV_PASSWORD + ")");
        }
        return value;
    }

    @Override
    public FleetBackend backend() {
        return FleetBackend.EXTERNAL;
    }

    @Override
    public List<FleetShard> shards() {
        return shards;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String database() {
        return database;
    }

    /** Nothing to release: the servers belong to someone else. */
    @Override
    public void close() {
    }
}
