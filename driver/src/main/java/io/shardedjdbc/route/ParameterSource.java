package io.shardedjdbc.route;

import java.sql.SQLException;

/** The values bound to a statement's parameters, as routing needs them (no JDBC types involved). */
public interface ParameterSource {
    ParameterSource NONE = new ParameterSource() {
        @Override
        public boolean isLong(int index) {
            return false;
        }

        @Override
        public long longValue(int index) {
            throw new IllegalStateException("no parameters");
        }

        @Override
        public Object value(int index) throws SQLException {
            throw io.shardedjdbc.SqlState.INVALID_ARGUMENT.exception(
                    "the statement's shard key is parameter " + index + " but the statement has no parameters bound");
        }
    };

    /** @return true when the parameter was bound as a Java long/int/short/byte (allocation-free fast path) */
    boolean isLong(int index);

    long longValue(int index);

    /** @return the bound value; throws when the parameter was never set */
    Object value(int index) throws SQLException;
}
