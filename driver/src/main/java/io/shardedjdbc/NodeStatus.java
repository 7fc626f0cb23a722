package io.shardedjdbc;

/**
 * One server of the cluster as the health monitor last saw it, for dashboards and tests.
 *
 * @param shard      the shard's name
 * @param node       e.g. {@code s0/primary}, {@code s0/replica1}
 * @param replica    not the shard's primary now
 * @param up         reachable at the last checks; replicas that are not get no reads
 * @param standby    the server is in recovery ({@code pg_is_in_recovery()})
 * @param walPosition replay position of a standby, WAL insert position of a primary ({@code 16/B374D848}); null
 *                   when unknown
 * @param lagMillis  how long a standby has been behind (see setting {@code maxReplicaLag}); -1 when unknown
 * @param lagBytes   WAL bytes a standby is behind its primary
 * @param readable   a replica that may serve reads now (up, standby, within the lag bounds)
 * @param statements statements sent to this server so far by this cluster
 * @param problem    why the last check failed, or null
 * @param role       what the node is in its shard now: {@code primary} (takes writes), {@code replica} or
 *                   {@code fenced} (writable on a timeline older than the shard's: gets no statement at all)
 * @param timeline   the timeline it writes (a primary) or receives (a standby, when the monitoring user may see
 *                   it); 0 when unknown
 * @param fenced     {@code role} is fenced
 * @param lastFailover when the shard's primary last changed to another node, or null
 * @param forkPoint  where the shard's current timeline forked from the one before it ({@code 0/3000060}): commits
 *                   past it on the old primary were lost; null when there was no failover or it is unknown
 */
public record NodeStatus(String shard, String node, boolean replica, boolean up, boolean standby, String walPosition,
                         long lagMillis, long lagBytes, boolean readable, long statements, String problem,
                         String role, long timeline, boolean fenced, java.time.Instant lastFailover,
                         String forkPoint) {
}
