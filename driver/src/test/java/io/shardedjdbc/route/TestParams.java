package io.shardedjdbc.route;

/** Bound parameters for routing tests, without a JDBC statement. */
final class TestParams {
    private TestParams() {
    }

    /** Parameter i is {@code values[i - 1]}, bound as a long. */
    static ParameterSource longs(long... values) {
        return new ParameterSource() {
            @Override
            public boolean isLong(int index) {
                return true;
            }

            @Override
            public long longValue(int index) {
                return values[index - 1];
            }

            @Override
            public Object value(int index) {
                return values[index - 1];
            }
        };
    }

    /** Every parameter is {@code value}, bound as an object (null, an array...). */
    static ParameterSource object(Object value) {
        return new ParameterSource() {
            @Override
            public boolean isLong(int index) {
                return false;
            }

            @Override
            public long longValue(int index) {
                throw new IllegalStateException("parameter " + index + " is not bound as a long");
            }

            @Override
            public Object value(int index) {
                return value;
            }
        };
    }
}
