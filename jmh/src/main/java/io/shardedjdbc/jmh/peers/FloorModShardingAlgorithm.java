package io.shardedjdbc.jmh.peers;

import org.apache.shardingsphere.sharding.api.sharding.standard.PreciseShardingValue;
import org.apache.shardingsphere.sharding.api.sharding.standard.RangeShardingValue;
import org.apache.shardingsphere.sharding.api.sharding.standard.StandardShardingAlgorithm;

import java.util.Collection;
import java.util.Properties;

/**
 * The placement of the driver's {@code modulo} algorithm as a ShardingSphere standard sharding algorithm
 * ({@code CLASS_BASED}): key {@code k} goes to data source {@code ds_<floorMod(k, sharding-count)>}. It is what a
 * user writes when the inline expression's Groovy evaluation per statement is too slow; the data source names are
 * built once, so a statement's routing allocates nothing here. A range condition goes to every data source.
 */
public final class FloorModShardingAlgorithm implements StandardShardingAlgorithm<Comparable<?>> {

    static final String COUNT_PROPERTY = "sharding-count";

    private String[] targets;

    @Override
    public void init(Properties props) {
        String count = props.getProperty(COUNT_PROPERTY);
        int shards;
        try {
            shards = Integer.parseInt(count == null ? "" : count.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + COUNT_PROPERTY + " must be a positive integer, got " + count, e);
        }
        if (shards < 1) {
            throw new IllegalArgumentException("property " + COUNT_PROPERTY + " must be a positive integer, got " + count);
        }
        targets = new String[shards];
        for (int i = 0; i < shards; i++) {
            targets[i] = "ds_" + i;
        }
    }

    @Override
    public String doSharding(Collection<String> availableTargetNames, PreciseShardingValue<Comparable<?>> value) {
        if (!(value.getValue() instanceof Number key)) {
            throw new IllegalArgumentException("column " + value.getColumnName() + " of " + value.getLogicTableName()
                    + " must hold a whole number to be placed, got " + value.getValue());
        }
        String target = targets[(int) Math.floorMod(key.longValue(), (long) targets.length)];
        if (!availableTargetNames.contains(target)) {
            throw new IllegalStateException("data source " + target + " is not among " + availableTargetNames
                    + ": sharding-count must equal the number of data sources");
        }
        return target;
    }

    @Override
    public Collection<String> doSharding(Collection<String> availableTargetNames,
                                         RangeShardingValue<Comparable<?>> value) {
        return availableTargetNames;
    }

    @Override
    public String getType() {
        return "CLASS_BASED";
    }
}
