package io.shardedjdbc.node;

import io.shardedjdbc.SqlState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A shard: the servers the topology lists for it, and which of them has which role now. Roles are discovered, not
 * configured: the file's {@code primary} is only the first guess. After every health check the shard looks at what
 * its nodes said: the writable node is the one not in recovery on the highest timeline any of them has been seen on;
 * a node that is writable on an older timeline (an old primary restarted after a promotion) is fenced and gets no
 * statement at all; two writable nodes on the same timeline stop writes rather than guess. Everything else that is a
 * standby on that timeline serves reads.
 */
public final class Shard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Shard.class);

    /** What the shard's nodes are now; replaced whole, read without locks. */
    /**
     * @param failovers how many times the primary changed to another node since the start
     * @param forkLsn   where the current primary's timeline forked from the old one (the end of the WAL it replayed
     *                  before its promotion): commits past it on the old primary are lost; 0 when unknown or none
     */
    public record Roles(Node primary, List<Node> replicas, List<Node> fenced, long timeline, String conflict,
                        long lastFailoverMillis, long failovers, long forkLsn) {
    }

    private final int index;
    private final String name;
    private final List<Node> nodes;
    private volatile Roles roles;
    private long highestTimeline;
    /** Set when promotion is the driver's job ({@code promotion: driver}); null: an HA manager's. */
    private volatile Promoter promoter;

    /** @param nodes every listed node, the configured primary first */
    public Shard(int index, String name, Node primary, List<Node> replicas) {
        this.index = index;
        this.name = name;
        List<Node> all = new ArrayList<>();
        all.add(primary);
        all.addAll(replicas);
        this.nodes = List.copyOf(all);
        nodes.forEach(n -> n.shard(this));
        this.roles = new Roles(primary, List.copyOf(replicas), List.of(), 0, null, 0, 0, 0);
        apply(roles);
    }

    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    /** Every node the topology lists for the shard, whatever its role. */
    public List<Node> nodes() {
        return nodes;
    }

    public Roles roles() {
        return roles;
    }

    /** The node that takes writes now (the last one known when it is down). */
    public Node primary() {
        return roles.primary();
    }

    /** The standbys that may serve reads (fenced nodes and the primary excluded). */
    public List<Node> replicas() {
        return roles.replicas();
    }

    /**
     * The writable node for a statement about to be sent: the current primary when the monitor has not seen it down;
     * else waits (up to {@code timeoutMillis}) for a node to become writable (a promotion), as a statement that was
     * not sent yet may.
     */
    public Node writable(long timeoutMillis) throws SQLException {
        Roles r = roles;
        if (r.conflict() == null && usable(r.primary()) || nodes.size() == 1) {
            return r.primary(); // one node: nothing can take over, and no monitor marks it up again
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        synchronized (this) {
            while (true) {
                r = roles;
                if (r.conflict() == null && usable(r.primary())) {
                    return r.primary();
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    if (r.conflict() != null) {
                        throw SqlState.NO_WRITABLE_NODE.exception("shard " + name + " stops writes: " + r.conflict()
                                + ". Fix the servers (one must be demoted); the driver does not guess");
                    }
                    throw SqlState.NO_WRITABLE_NODE.exception("shard " + name + " has no writable node: "
                            + r.primary().name() + " is down (" + r.primary().health().problem() + ") and no other"
                            + " node became writable within failoverTimeout (" + timeoutMillis + " ms); nothing was"
                            + " sent");
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw SqlState.QUERY_CANCELED.exception("interrupted while waiting for shard " + name
                            + "'s new primary; nothing was sent");
                }
            }
        }
    }

    private static boolean usable(Node n) {
        NodeHealth h = n.health();
        // before the first check the file's guess stands; a statement will tell soon enough
        return h.up() || h == NodeHealth.UNKNOWN;
    }

    void promoter(Promoter p) {
        promoter = p;
    }

    /** A node's check published something new: the roles follow what the nodes say. */
    synchronized void reassess() {
        Roles before = roles;
        for (Node n : nodes) {
            NodeHealth h = n.health();
            if (h.up() && h.timeline() > highestTimeline) {
                highestTimeline = h.timeline();
            }
        }
        List<Node> writable = new ArrayList<>();
        List<Node> fenced = new ArrayList<>();
        List<Node> replicas = new ArrayList<>();
        for (Node n : nodes) {
            NodeHealth h = n.health();
            if (!h.up()) {
                // a node down keeps what it was: fenced stays fenced, a standby stays a (down) replica
                if (before.fenced().contains(n)) {
                    fenced.add(n);
                } else if (n != before.primary()) {
                    replicas.add(n);
                }
            } else if (!h.inRecovery()) {
                if (h.timeline() < highestTimeline) {
                    fenced.add(n);
                } else {
                    writable.add(n);
                }
            } else if (h.timeline() == 0 || h.timeline() >= highestTimeline) {
                replicas.add(n);
            }
            // a standby still on an older timeline (not re-pointed yet) may hold commits the new one lost: no reads
        }
        Node primary = before.primary();
        String conflict = null;
        if (writable.size() == 1) {
            primary = writable.get(0);
        } else if (writable.size() > 1) {
            conflict = "nodes " + names(writable) + " are all writable on timeline " + highestTimeline;
        }
        replicas.remove(primary);
        fenced.remove(primary);
        long failover = before.lastFailoverMillis();
        long failovers = before.failovers();
        long fork = before.forkLsn();
        if (primary != before.primary()) {
            failover = System.currentTimeMillis();
            failovers++;
            fork = primary.health().recoveryEnd();
            log.warn("shard {}: {} is the primary now (timeline {}), was {}", name, primary.name(), highestTimeline,
                    before.primary().name());
        } else if (fork == 0 && failovers > 0) {
            fork = primary.health().recoveryEnd(); // the first check of the promoted node may come after the change
        }
        for (Node n : fenced) {
            if (!before.fenced().contains(n)) {
                log.warn("shard {}: {} is writable on timeline {} behind the shard's {}: fenced, it gets no"
                        + " statement", name, n.name(), n.health().timeline(), highestTimeline);
            }
        }
        if (conflict != null && before.conflict() == null) {
            log.warn("shard {}: {}; writes stop until one is demoted", name, conflict);
        }
        Roles after = new Roles(primary, List.copyOf(replicas), List.copyOf(fenced), highestTimeline, conflict,
                failover, failovers, fork);
        if (!after.equals(before)) {
            roles = after;
            apply(after);
        }
        NodeHealth ph = primary.health();
        Promoter p = promoter;
        if (p != null && writable.isEmpty() && !ph.up() && ph != NodeHealth.UNKNOWN) {
            p.primaryLost(this);
        }
        notifyAll();
    }

    private static void apply(Roles r) {
        r.primary().role(Node.Role.PRIMARY);
        r.replicas().forEach(n -> n.role(Node.Role.REPLICA));
        r.fenced().forEach(n -> n.role(Node.Role.FENCED));
    }

    private static String names(List<Node> nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.name()));
        return String.join(", ", out);
    }

    @Override
    public void close() {
        nodes.forEach(Node::close);
    }
}
