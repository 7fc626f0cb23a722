package io.shardedjdbc;

/**
 * One server of the cluster as the health monitor last saw it, for dashboards and tests.
 *
 * @param shard      the shard's name
 * @param node       e.g. {@code s0/primary}, {@code s0/replica1}
 * @param replica    the topology lists it as a replica
 * @param up         reachable at the last checks; replicas that are not get no reads
 * @param standby    the server is in recovery ({@code pg_is_in_recovery()})
 * @param walPosition replay position of a standby, WAL insert position of a primary ({@code 16/B374D848}); null
 *                   when unknown
 * @param lagMillis  how long a standby has been behind (see setting {@code maxReplicaLag}); -1 when unknown
 * @param lagBytes   WAL bytes a standby is behind its primary
 * @param readable   a replica that may serve reads now (up, standby, within the lag bounds)
 * @param statements statements sent to this server so far by this cluster
 * @param problem    why the last check failed, or null
 */
public record NodeStatus(String shard, String node, boolean replica, boolean up, boolean standby, String walPosition,
                         long lagMillis, long lagBytes, boolean readable, long statements, String problem) {
}
