package io.shardedjdbc.jmh;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.route.ParameterSource;

import java.sql.SQLException;
import java.util.Arrays;

/**
 * Parameters bound the way {@code PreparedStatement.setLong} records them in the driver: an unboxed {@code long}
 * per 1-based index plus a "set" mark, so the router reads the key without boxing. Other parameters of the
 * statement (a name, say) are never read by routing and are not stored.
 */
final class BoundLongs implements ParameterSource {
    private final long[] longs;
    private final boolean[] set;

    BoundLongs(int parameterCount) {
        this.longs = new long[parameterCount + 1];
        this.set = new boolean[parameterCount + 1];
    }

    void setLong(int index, long value) {
        longs[index] = value;
        set[index] = true;
    }

    void clear() {
        Arrays.fill(set, false);
    }

    @Override
    public boolean isLong(int index) {
        return index < set.length && set[index];
    }

    @Override
    public long longValue(int index) {
        return longs[index];
    }

    @Override
    public Object value(int index) throws SQLException {
        if (!isLong(index)) {
            throw SqlState.INVALID_ARGUMENT.exception("parameter " + index + " is not bound; the benchmark binds only"
                    + " the shard key with setLong");
        }
        return longs[index];
    }
}
