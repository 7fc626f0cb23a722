package io.shardedjdbc.route;

import io.shardedjdbc.placement.KeyspacePlacement;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Splits the array bound to {@code key = ANY(?)} into the elements each shard owns. */
final class KeyArrays {
    private KeyArrays() {
    }

    /**
     * Adds, for every target shard, its part of the array to {@code into[shard]}; leaves everything alone when the
     * value is not an array this class knows (the whole array then goes to each shard, which is still correct).
     */
    static void split(Object value, KeyspacePlacement ks, boolean[] shards, int parameter,
                      Map<Integer, ScatterTargets.KeyArray>[] into) throws SQLException {
        String sqlBaseType = null;
        Object array = value;
        if (value instanceof java.sql.Array sqlArray) {
            sqlBaseType = sqlArray.getBaseTypeName();
            array = sqlArray.getArray();
        }
        if (array == null || !array.getClass().isArray()) {
            return;
        }
        int length = java.lang.reflect.Array.getLength(array);
        int[] owner = new int[length];
        int[] counts = new int[shards.length];
        for (int i = 0; i < length; i++) {
            Object element = java.lang.reflect.Array.get(array, i);
            // A NULL element matches no row: no shard needs it.
            owner[i] = element == null ? -1 : ks.shardOf(element);
            if (owner[i] >= 0) {
                counts[owner[i]]++;
            }
        }
        Class<?> component = array.getClass().getComponentType();
        for (int s = 0; s < shards.length; s++) {
            if (!shards[s] || counts[s] == length) {
                continue;
            }
            Object part = java.lang.reflect.Array.newInstance(component, counts[s]);
            int at = 0;
            for (int i = 0; i < length; i++) {
                if (owner[i] == s) {
                    java.lang.reflect.Array.set(part, at++, java.lang.reflect.Array.get(array, i));
                }
            }
            if (into[s] == null) {
                into[s] = new HashMap<>();
            }
            into[s].put(parameter, new ScatterTargets.KeyArray(part, sqlBaseType));
        }
    }
}
