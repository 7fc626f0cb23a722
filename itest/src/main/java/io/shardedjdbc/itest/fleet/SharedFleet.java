package io.shardedjdbc.itest.fleet;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One 4 x (1 primary + 1 replica) fleet per JVM, started on first use and closed by the JVM shutdown hook,
 * so that many test classes share its start-up cost. Tests get a view that cannot close the fleet or stop,
 * kill, promote or pause its nodes (other tests depend on them): tests that do that start their own
 * {@link Fleet}. Tests sharing it must use tables of their own.
 */
public final class SharedFleet {
    public static final int SHARDS = 4;
    public static final int REPLICAS_PER_SHARD = 1;

    private SharedFleet() {
    }

    /** The shared fleet; throws the original start-up failure (as the cause) on every call if it could not start. */
    public static Fleet get() {
        if (Holder.FAILURE != null) {
            throw new FleetException("the shared " + SHARDS + "x(1+" + REPLICAS_PER_SHARD + ") fleet could not start: "
                    + Holder.FAILURE.getMessage(), Holder.FAILURE);
        }
        return Holder.FLEET;
    }

    /** Initialised on first use only (class initialisation is lazy and thread-safe), then never changed. */
    private static final class Holder {
        static final Fleet FLEET;
        static final RuntimeException FAILURE;

        static {
            Fleet fleet = null;
            RuntimeException failure = null;
            try {
                fleet = new SharedView(Fleet.start(SHARDS, REPLICAS_PER_SHARD));
            } catch (RuntimeException e) {
                failure = e;
            }
            FLEET = fleet;
            FAILURE = failure;
        }
    }

    private static final String ADVICE = "the shared fleet is used by other tests; start a Fleet of your own to do that";

    private static final class SharedView implements Fleet {
        private final Fleet fleet;
        private final List<FleetShard> shards;

        SharedView(Fleet fleet) {
            this.fleet = fleet;
            this.shards = fleet.shards().stream()
                    .map(shard -> new FleetShard(shard.name(), new SharedNode(shard.primary()),
                            shard.replicas().stream().<FleetNode>map(SharedNode::new).toList()))
                    .toList();
        }

        @Override
        public FleetBackend backend() {
            return fleet.backend();
        }

        @Override
        public List<FleetShard> shards() {
            return shards;
        }

        @Override
        public String user() {
            return fleet.user();
        }

        @Override
        public String password() {
            return fleet.password();
        }

        @Override
        public String database() {
            return fleet.database();
        }

        @Override
        public void close() {
            throw new UnsupportedOperationException("cannot close the shared fleet: the JVM shutdown hook does; " + ADVICE);
        }

        @Override
        public String toString() {
            return "shared " + fleet;
        }
    }

    private record SharedNode(FleetNode node) implements FleetNode {
        @Override
        public String name() {
            return node.name();
        }

        @Override
        public String shardName() {
            return node.shardName();
        }

        @Override
        public String jdbcUrl() {
            return node.jdbcUrl();
        }

        @Override
        public String host() {
            return node.host();
        }

        @Override
        public int port() {
            return node.port();
        }

        @Override
        public boolean isReplica() {
            return node.isReplica();
        }

        @Override
        public boolean isRunning() {
            return node.isRunning();
        }

        @Override
        public Connection connect() throws SQLException {
            return node.connect();
        }

        @Override
        public void start() {
            throw refused("start");
        }

        @Override
        public void stop() {
            throw refused("stop");
        }

        @Override
        public void kill() {
            throw refused("kill");
        }

        @Override
        public void promote() {
            throw refused("promote");
        }

        @Override
        public void pauseReplay() {
            throw refused("pause replay on");
        }

        @Override
        public void resumeReplay() {
            throw refused("resume replay on");
        }

        private UnsupportedOperationException refused(String operation) {
            return new UnsupportedOperationException("cannot " + operation + " " + node.name() + ": " + ADVICE);
        }

        @Override
        public String toString() {
            return node.toString();
        }
    }
}
