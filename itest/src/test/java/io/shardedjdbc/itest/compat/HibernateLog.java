package io.shardedjdbc.itest.compat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What Hibernate logs, through java.util.logging (JBoss Logging's jdk provider, chosen by {@link #install()} before
 * Hibernate's first logger exists): every record at WARNING or above under {@code org.hibernate}, and the SQL it
 * sends ({@code org.hibernate.SQL} at DEBUG, the schema tool's DDL included).
 */
final class HibernateLog extends Handler {
    private static final int SQL_KEPT = 60;
    // JUL keeps loggers weakly: these references keep the levels and the handler in place.
    private static final Logger HIBERNATE = Logger.getLogger("org.hibernate");
    private static final Logger SQL = Logger.getLogger("org.hibernate.SQL");
    private static final HibernateLog INSTANCE = new HibernateLog();

    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> warnings = new ArrayList<>();
    private final Deque<String> sql = new ArrayDeque<>();

    private HibernateLog() {
        setLevel(Level.ALL);
    }

    /** Must run before Hibernate's first class loads (a static initialiser of the test). */
    static HibernateLog install() {
        System.setProperty("org.jboss.logging.provider", "jdk");
        synchronized (INSTANCE) {
            if (!List.of(HIBERNATE.getHandlers()).contains(INSTANCE)) {
                SQL.setLevel(Level.FINE);
                HIBERNATE.addHandler(INSTANCE);
            }
        }
        return INSTANCE;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        String text = record.getLoggerName() + ": " + formatter.formatMessage(record);
        if (record.getThrown() != null) {
            text += " [" + CompatFleet.describe(record.getThrown()) + "]";
        }
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(record.getLevel() + " " + text);
        } else if ("org.hibernate.SQL".equals(record.getLoggerName())) {
            sql.addLast(formatter.formatMessage(record).strip().replaceAll("\\s+", " "));
            while (sql.size() > SQL_KEPT) {
                sql.removeFirst();
            }
        }
    }

    /** Forgets what was logged so far: the next {@link #warnings()} are those of what runs from now on. */
    synchronized void reset() {
        warnings.clear();
        sql.clear();
    }

    synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The last statements Hibernate sent, oldest first, one a line. */
    synchronized String recentSql() {
        return String.join("\n", sql);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
