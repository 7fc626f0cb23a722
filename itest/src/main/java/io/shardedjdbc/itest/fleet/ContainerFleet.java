package io.shardedjdbc.itest.fleet;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * One Docker container per shard, through Testcontainers, for machines with a Docker engine.
 *
 * <p><b>Primaries only:</b> this backend starts no replicas, whatever {@code replicasPerShard} says (a
 * warning is logged); tests that need a replica fail when they ask a shard for one. Node lifecycle
 * operations (stop, kill, start, promote) throw {@link UnsupportedOperationException}: a restarted container
 * gets a new port, which would invalidate the topology. Use the local backend for those.
 */
public final class ContainerFleet implements Fleet {
    static final String IMAGE = "postgres:17.6";
    private static final Logger LOG = LoggerFactory.getLogger(ContainerFleet.class);
    private static final String LIFECYCLE_ADVICE = "the testcontainers fleet (" + FleetBackend.ENV + "=testcontainers) "
            + "cannot restart a container on the same port; run tests that stop, kill or promote nodes with "
            + FleetBackend.ENV + "=local";

    private final List<PostgreSQLContainer<?>> containers;
    private final List<FleetShard> shards;

    private ContainerFleet(List<PostgreSQLContainer<?>> containers, List<FleetShard> shards) {
        this.containers = containers;
        this.shards = List.copyOf(shards);
    }

    public static ContainerFleet start(int shards, int replicasPerShard) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new FleetException(FleetBackend.ENV + "=testcontainers, but no Docker engine is reachable; start one "
                    + "or use " + FleetBackend.ENV + "=local");
        }
        if (replicasPerShard > 0) {
            LOG.warn("the testcontainers fleet starts primaries only; the {} replica(s) per shard asked for are not started",
                    replicasPerShard);
        }
        List<PostgreSQLContainer<?>> containers = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            containers.add(new PostgreSQLContainer<>(DockerImageName.parse(IMAGE))
                    .withDatabaseName(LocalFleet.DATABASE)
                    .withUsername(LocalFleet.USER)
                    .withPassword(LocalFleet.PASSWORD)
                    .withCommand("postgres", "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "max_connections=100", "-c", "max_prepared_transactions=20"));
        }
        try {
            Startables.deepStart(containers).join();
        } catch (RuntimeException e) {
            containers.forEach(PostgreSQLContainer::stop);
            throw new FleetException("cannot start PostgreSQL containers (" + IMAGE + "): " + e.getMessage(), e);
        }
        List<FleetShard> fleetShards = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            PostgreSQLContainer<?> container = containers.get(s);
            String url = "jdbc:postgresql://" + container.getHost() + ":"
                    + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/" + LocalFleet.DATABASE;
            String name = "s" + s;
            fleetShards.add(new FleetShard(name, new RemoteNode(name + "-primary", name, url, false, LocalFleet.USER,
                    LocalFleet.PASSWORD, LIFECYCLE_ADVICE), List.of()));
        }
        return new ContainerFleet(containers, fleetShards);
    }

    @Override
    public FleetBackend backend() {
        return FleetBackend.TESTCONTAINERS;
    }

    @Override
    public List<FleetShard> shards() {
        return shards;
    }

    @Override
    public String user() {
        return LocalFleet.USER;
    }

    @Override
    public String password() {
        return LocalFleet.PASSWORD;
    }

    @Override
    public String database() {
        return LocalFleet.DATABASE;
    }

    @Override
    public void close() {
        containers.forEach(PostgreSQLContainer::stop);
    }
}
