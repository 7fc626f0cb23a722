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
            List<Node> nodes = new ArrayList<>();
            nodes.add(shard.primary());
            nodes.addAll(shard.replicas());
            for (Node n : nodes) {
                NodeHealth h = n.health();
                boolean readable = n.isReplica() && cluster.replicaSelector().healthy(h);
                out.add(new NodeStatus(shard.name(), n.name(), n.isReplica(), h.up(), h.inRecovery(),
                        h.lsn() == 0 ? null : Lsn.format(h.lsn()), h.lagMillis() == Long.MAX_VALUE ? -1 : h.lagMillis(),
                        h.lagBytes(), readable, n.statementCount(), h.problem()));
            }
        }
        return out;
    }
}
