package io.shardedjdbc.exec;

import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.Objects;

/**
 * The warnings (the servers' NOTICEs and WARNINGs) of one application statement's last execution, read from each
 * physical statement before it is closed or its connection goes back: a multi-shard statement's shards usually say
 * the same thing, so a warning already chained is not chained again. Parts of a cross-shard read add from their own
 * threads.
 */
public final class Warnings {
    private SQLWarning first;
    private SQLWarning last;

    /** Chains the physical statement's warnings; costs one field read when it has none, as usual. */
    public void note(Statement st) throws SQLException {
        SQLWarning w = st.getWarnings();
        if (w != null) {
            add(w);
        }
    }

    /** Chains a warning of the driver's own (once, like the servers'). */
    public synchronized void add(SQLWarning chain) {
        for (SQLWarning w = chain; w != null; w = w.getNextWarning()) {
            if (!seen(w)) {
                // a copy: the physical warning is chained to its statement's others, which may be seen already
                SQLWarning copy = new SQLWarning(w.getMessage(), w.getSQLState(), w.getErrorCode(), w);
                if (first == null) {
                    first = copy;
                } else {
                    last.setNextWarning(copy);
                }
                last = copy;
            }
        }
    }

    private boolean seen(SQLWarning w) {
        for (SQLWarning k = first; k != null; k = k.getNextWarning()) {
            if (Objects.equals(k.getSQLState(), w.getSQLState()) && Objects.equals(k.getMessage(), w.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** @return the first warning, the others chained to it; null when there are none */
    public synchronized SQLWarning chain() {
        return first;
    }

    public synchronized void clear() {
        first = null;
        last = null;
    }
}
