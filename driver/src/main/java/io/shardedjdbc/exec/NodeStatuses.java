package io.shardedjdbc.exec;

import io.shardedjdbc.NodeStatus;
import io.shardedjdbc.node.Lsn;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.node.NodeHealth;

import java.util.ArrayList;
import java.util.List;

/** Renders the monitor's findings as the public {@link NodeStatus}. */
public final class NodeStatuses {
    private NodeStatuses() {
    }

    public static List<NodeStatus> of(Cluster cluster) {
        List<NodeStatus> out = new ArrayList<>();
        for (int i = 0; i < cluster.shardCount(); i++) {
            var shard = cluster.shard(i);
            var roles = shard.roles();
            java.time.Instant failover = roles.lastFailoverMillis() == 0 ? null
                    : java.time.Instant.ofEpochMilli(roles.lastFailoverMillis());
            for (Node n : shard.nodes()) {
                NodeHealth h = n.health();
                boolean readable = roles.replicas().contains(n) && cluster.replicaSelector().healthy(h);
                out.add(new NodeStatus(shard.name(), n.name(), n.isReplica(), h.up(), h.inRecovery(),
                        h.lsn() == 0 ? null : Lsn.format(h.lsn()), h.lagMillis() == Long.MAX_VALUE ? -1 : h.lagMillis(),
                        h.lagBytes(), readable, n.statementCount(), h.problem(), n.role().name().toLowerCase(),
                        h.timeline(), n.role() == Node.Role.FENCED, failover,
                        roles.forkLsn() == 0 ? null : Lsn.format(roles.forkLsn())));
            }
        }
        return out;
    }
}
