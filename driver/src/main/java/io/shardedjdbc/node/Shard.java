package io.shardedjdbc.node;

import java.util.List;

/** A shard: one primary that takes writes, and its streaming replicas. */
public record Shard(int index, String name, Node primary, List<Node> replicas) implements AutoCloseable {
    public Shard {
        replicas = List.copyOf(replicas);
    }

    @Override
    public void close() {
        primary.close();
        replicas.forEach(Node::close);
    }
}
