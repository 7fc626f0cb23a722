package io.shardedjdbc.route;

import java.util.List;
import java.util.Map;

/**
 * Where a cross-shard read runs and, per shard, the candidate keys it is sent: each shard gets only the values of
 * the statement's key lists it owns. An IN list keeps its length (a value another shard owns is replaced by one
 * this shard owns, which changes nothing for its rows, and for parameters keeps one SQL text per statement); an ANY
 * array is cut down to this shard's elements.
 */
public final class ScatterTargets {
    private final boolean[] shards;
    private final int[][] substitutes;
    private final Map<Integer, KeyArray>[] arrays;
    /** Per shard, text edits {start, end, from, to}: the shard text's [start, end) becomes its [from, to). */
    private final List<int[]>[] edits;

    /**
     * The elements of an {@code ANY(?)} array one shard owns.
     *
     * @param elements     an array of the bound value's own component type ({@code long[]}, {@code Long[]}...)
     * @param sqlBaseType  the element type name when the bound value was a {@code java.sql.Array} (the part must be
     *                     bound as one created on the shard's connection), else null
     */
    public record KeyArray(Object elements, String sqlBaseType) {
    }

    ScatterTargets(boolean[] shards, int[][] substitutes, Map<Integer, KeyArray>[] arrays, List<int[]>[] edits) {
        this.shards = shards;
        this.substitutes = substitutes;
        this.arrays = arrays;
        this.edits = edits;
    }

    /** @return the shard text with literal IN-list items other shards own replaced by one this shard owns */
    public String sql(int shard, String shardSql) {
        List<int[]> mine = edits[shard];
        if (mine == null) {
            return shardSql;
        }
        List<int[]> ordered = new java.util.ArrayList<>(mine);
        ordered.sort(java.util.Comparator.comparingInt(e -> e[0]));
        StringBuilder out = new StringBuilder(shardSql.length());
        int at = 0;
        for (int[] e : ordered) {
            out.append(shardSql, at, e[0]).append(shardSql, e[2], e[3]);
            at = e[1];
        }
        return out.append(shardSql, at, shardSql.length()).toString();
    }

    /** @return per shard, whether the read runs there */
    public boolean[] shards() {
        return shards;
    }

    /**
     * @param parameters the original (1-based) parameter bound to each {@code ?} of the shard text
     * @return the same, with the IN-list parameters other shards own replaced for this shard
     */
    public int[] parameters(int shard, int[] parameters) {
        int[] substitute = substitutes[shard];
        if (substitute == null || parameters == null) {
            return parameters;
        }
        int[] out = parameters.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] < substitute.length && substitute[out[i]] > 0) {
                out[i] = substitute[out[i]];
            }
        }
        return out;
    }

    /** @return the ANY arrays cut down for this shard, by original parameter index; empty when none is cut */
    public Map<Integer, KeyArray> arrays(int shard) {
        return arrays[shard] == null ? Map.of() : arrays[shard];
    }
}
