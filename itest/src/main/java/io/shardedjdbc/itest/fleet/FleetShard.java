package io.shardedjdbc.itest.fleet;

import java.util.List;

/**
 * One shard of a fleet as it was started: its primary and its streaming replicas. Roles can change later
 * (see {@link FleetNode#promote()}); this record keeps the layout the fleet was born with.
 */
public record FleetShard(String name, FleetNode primary, List<FleetNode> replicas) {
    public FleetShard {
        replicas = List.copyOf(replicas);
    }

    /** The {@code index}-th replica (0-based). */
    public FleetNode replica(int index) {
        if (index < 0 || index >= replicas.size()) {
            throw new FleetException("shard " + name + " has " + replicas.size() + " replica(s), no replica #" + index);
        }
        return replicas.get(index);
    }
}
