package io.shardedjdbc.jdbc;

import io.shardedjdbc.SqlState;

import java.sql.SQLException;

/** {@code java.sql.Wrapper} for the driver's own objects, which wrap nothing an application may reach. */
public final class Wrappers {
    private Wrappers() {
    }

    public static <T> T unwrap(Object self, Class<T> iface) throws SQLException {
        if (iface.isInstance(self)) {
            return iface.cast(self);
        }
        throw SqlState.INVALID_ARGUMENT.exception(self.getClass().getSimpleName() + " is not a wrapper for "
                + iface.getName());
    }
}
