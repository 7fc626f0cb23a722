package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;

import java.sql.SQLException;

/** Several failures of one operation: the first is reported, the others ride along as suppressed. */
public final class Failures {
    private Failures() {
    }

    /** @return {@code first}, with {@code next} suppressed in it; {@code next} when there was none */
    public static SQLException add(SQLException first, SQLException next) {
        if (first == null) {
            return next;
        }
        if (next != first) {
            first.addSuppressed(next);
        }
        return first;
    }

    /** Closes {@code resource}; a failure is added to {@code first} (see {@link #add}). */
    public static SQLException close(AutoCloseable resource, SQLException first) {
        if (resource == null) {
            return first;
        }
        try {
            resource.close();
            return first;
        } catch (SQLException e) {
            return add(first, e);
        } catch (Exception e) {
            return add(first, SqlState.INTERNAL_ERROR.exception("could not release " + resource + ": " + e, e));
        }
    }
}
