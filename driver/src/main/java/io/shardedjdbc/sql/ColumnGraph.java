package io.shardedjdbc.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the conditions of one block say about column values: equalities that hold for every row the block reads
 * (WHERE and inner-join conjuncts: union of columns), one-way equalities from outer joins (the nullable side's rows
 * are restricted by the preserved side, not the other way round), and key values bound to columns.
 */
final class ColumnGraph {
    private final Block block;
    private final Map<ColumnNode, ColumnNode> parent = new HashMap<>();
    private final Map<ColumnNode, List<KeyExpr>> values = new HashMap<>();
    /** target -> sources: the target's rows are restricted to values the sources take. */
    private final Map<ColumnNode, List<ColumnNode>> incoming = new HashMap<>();

    ColumnGraph(Block block) {
        this.block = block;
    }

    void equal(ColumnNode a, ColumnNode b) {
        ColumnNode ra = find(a);
        ColumnNode rb = find(b);
        if (!ra.equals(rb)) {
            parent.put(ra, rb);
        }
    }

    void restrict(ColumnNode target, ColumnNode source) {
        incoming.computeIfAbsent(target, k -> new ArrayList<>(1)).add(source);
    }

    void bind(ColumnNode column, KeyExpr value) {
        values.computeIfAbsent(column, k -> new ArrayList<>(1)).add(value);
    }

    private ColumnNode find(ColumnNode node) {
        ColumnNode current = node;
        ColumnNode next;
        while ((next = parent.get(current)) != null) {
            current = next;
        }
        return current;
    }

    /** @return the key value this block's conditions give the column, or null when they give none */
    KeyExpr valueOf(ColumnNode column) {
        return valueOf(column, new HashSet<>());
    }

    private KeyExpr valueOf(ColumnNode column, Set<ColumnNode> visiting) {
        ColumnNode root = find(column);
        if (!visiting.add(root)) {
            return null;
        }
        List<ColumnNode> members = membersOf(root, column);
        KeyExpr best = null;
        for (ColumnNode m : members) {
            for (KeyExpr v : values.getOrDefault(m, List.of())) {
                best = better(best, v);
            }
        }
        if (best != null) {
            return best;
        }
        for (ColumnNode m : members) {
            for (ColumnNode source : incoming.getOrDefault(m, List.of())) {
                KeyExpr v = valueOf(source, visiting);
                if (v != null) {
                    return v;
                }
            }
        }
        for (ColumnNode m : members) {
            Block owner = m.table().block;
            if (owner != block) {
                KeyExpr v = owner.graph.valueOf(m);
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    private List<ColumnNode> membersOf(ColumnNode root, ColumnNode asked) {
        List<ColumnNode> members = new ArrayList<>();
        members.add(asked);
        Set<ColumnNode> known = new HashSet<>(parent.keySet());
        known.addAll(parent.values());
        for (ColumnNode n : known) {
            if (!n.equals(asked) && find(n).equals(root)) {
                members.add(n);
            }
        }
        return members;
    }

    /** A single value beats a list: both constrain the same rows and the single one is the narrower. */
    private static KeyExpr better(KeyExpr current, KeyExpr candidate) {
        if (current == null) {
            return candidate;
        }
        boolean currentSingle = current instanceof KeyExpr.Param || current instanceof KeyExpr.Literal;
        boolean candidateSingle = candidate instanceof KeyExpr.Param || candidate instanceof KeyExpr.Literal;
        return !currentSingle && candidateSingle ? candidate : current;
    }
}
