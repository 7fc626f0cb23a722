package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A transaction statement written as SQL ({@code START TRANSACTION READ ONLY}, {@code COMMIT}...), read into what the
 * logical connection must do. Savepoints, two-phase commit and chained transactions are refused.
 */
record TransactionText(Command command, Modes modes) {
    enum Command { BEGIN, COMMIT, ROLLBACK }

    /**
     * Characteristics given to BEGIN / START TRANSACTION, applied to every connection the transaction pins.
     *
     * @param readOnly  null when not given (the connection's read-only setting applies)
     * @param isolation a {@code Connection.TRANSACTION_*} level, or -1 when not given
     */
    record Modes(Boolean readOnly, int isolation) {
        static final Modes NONE = new Modes(null, -1);

        void applyTo(Connection c) throws SQLException {
            if (readOnly != null) {
                c.setReadOnly(readOnly);
            }
            if (isolation >= 0) {
                c.setTransactionIsolation(isolation);
            }
        }
    }

    static TransactionText parse(String sql) throws SQLException {
        List<String> words = words(sql);
        String first = words.isEmpty() ? "" : words.get(0);
        switch (first) {
            case "begin", "start" -> {
                int i = 1;
                if (first.equals("start")) {
                    if (words.size() < 2 || !words.get(1).equals("transaction")) {
                        throw refused(sql);
                    }
                    i = 2;
                } else if (i < words.size() && (words.get(i).equals("work") || words.get(i).equals("transaction"))) {
                    i++;
                }
                return new TransactionText(Command.BEGIN, modes(words, i, sql));
            }
            case "commit", "end", "rollback", "abort" -> {
                int i = 1;
                if (i < words.size() && (words.get(i).equals("work") || words.get(i).equals("transaction"))) {
                    i++;
                }
                boolean noChain = words.size() == i + 3 && words.subList(i, i + 3).equals(List.of("and", "no", "chain"));
                if (words.size() != i && !noChain) {
                    throw refused(sql);
                }
                boolean commit = first.equals("commit") || first.equals("end");
                return new TransactionText(commit ? Command.COMMIT : Command.ROLLBACK, Modes.NONE);
            }
            default -> throw refused(sql);
        }
    }

    private static Modes modes(List<String> words, int i, String sql) throws SQLException {
        Boolean readOnly = null;
        int isolation = -1;
        while (i < words.size()) {
            String w = words.get(i);
            if (w.equals("read") && i + 1 < words.size()
                    && (words.get(i + 1).equals("only") || words.get(i + 1).equals("write"))) {
                readOnly = words.get(i + 1).equals("only");
                i += 2;
            } else if (w.equals("isolation") && i + 2 < words.size() && words.get(i + 1).equals("level")) {
                String level = words.get(i + 2) + (i + 3 < words.size() ? " " + words.get(i + 3) : "");
                if (level.startsWith("serializable")) {
                    isolation = Connection.TRANSACTION_SERIALIZABLE;
                    i += 3;
                } else if (level.equals("repeatable read")) {
                    isolation = Connection.TRANSACTION_REPEATABLE_READ;
                    i += 4;
                } else if (level.equals("read committed")) {
                    isolation = Connection.TRANSACTION_READ_COMMITTED;
                    i += 4;
                } else if (level.equals("read uncommitted")) {
                    isolation = Connection.TRANSACTION_READ_UNCOMMITTED;
                    i += 4;
                } else {
                    throw refused(sql);
                }
            } else if (w.equals("not") && i + 1 < words.size() && words.get(i + 1).equals("deferrable")) {
                i += 2; // the default
            } else {
                throw refused(sql);
            }
        }
        return new Modes(readOnly, isolation);
    }

    /** Lower-case words; comments, commas and a final semicolon dropped. */
    private static List<String> words(String sql) {
        String text = sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ");
        List<String> words = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[\\s,;]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static SQLException refused(String sql) {
        return SqlState.UNSUPPORTED_STATEMENT.exception("'" + sql.strip() + "': only BEGIN / START TRANSACTION"
                + " [READ ONLY | READ WRITE] [ISOLATION LEVEL ...], COMMIT / END and ROLLBACK / ABORT are supported as"
                + " SQL (no savepoints, DEFERRABLE, chains or two-phase commit); or use the JDBC methods");
    }
}
