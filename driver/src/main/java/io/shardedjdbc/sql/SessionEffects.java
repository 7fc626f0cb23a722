package io.shardedjdbc.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a statement does to the server session it runs on beyond its own results: the session command it is, the
 * set_config calls it makes, and whether it leaves state the driver cannot carry to another connection (temporary
 * objects, LISTEN, session advisory locks, SQL-level prepared statements and cursors, code run by DO or CALL), so
 * that the physical connection it ran on is cleaned before another logical connection gets it.
 *
 * @param command    the SET / RESET / DISCARD / SHOW read, for a {@link StatementKind#SESSION} statement; else null
 * @param setConfigs set_config calls whose arguments are literals or parameters
 * @param refusal    why the statement's session effects cannot be followed (a set_config with computed arguments)
 */
public record SessionEffects(SessionCommand command, List<SetConfigCall> setConfigs, boolean leavesState,
                             String refusal) {
    public static final SessionEffects NONE = new SessionEffects(null, List.of(), false, null);

    private static final Set<String> STATEFUL_STATEMENTS = Set.of("listen", "prepare", "declare", "do", "call",
            "load");
    private static final Set<String> SESSION_LOCKS = Set.of("pg_advisory_lock", "pg_advisory_lock_shared",
            "pg_try_advisory_lock", "pg_try_advisory_lock_shared");

    /** @return true when nothing about the session changes: the common case, which costs nothing */
    public boolean none() {
        return this == NONE;
    }

    static SessionEffects of(LexedSql lexed, StatementKind kind) {
        List<Token> tokens = lexed.tokens();
        if (tokens.isEmpty()) {
            return NONE;
        }
        String sql = lexed.sql();
        if (kind == StatementKind.SESSION) {
            SessionCommand command = SessionCommand.of(lexed);
            return new SessionEffects(command, List.of(), false, command.refusal());
        }
        String first = Names.normalize(tokens.get(0).text(sql));
        boolean leaves = STATEFUL_STATEMENTS.contains(first) && !lexed.isWordAt(1, "transaction")
                || first.equals("create") && createsTemporary(lexed);
        List<SetConfigCall> calls = null;
        String refusal = null;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() != Token.Type.WORD || tokens.get(i + 1).type() != Token.Type.OPEN_PAREN) {
                continue;
            }
            String function = Names.normalize(t.text(sql));
            if (SESSION_LOCKS.contains(function)) {
                leaves = true;
            } else if (function.equals("set_config")) {
                SetConfigCall call = readCall(lexed, i + 1);
                if (call == null) {
                    refusal = "set_config's name, value and is_local must be literals or parameters for the driver"
                            + " to carry the setting to the logical connection's other servers";
                    continue;
                }
                if (calls == null) {
                    calls = new ArrayList<>(1);
                }
                calls.add(call);
            }
        }
        if (!leaves && calls == null && refusal == null) {
            return NONE;
        }
        return new SessionEffects(null, calls == null ? List.of() : List.copyOf(calls), leaves, refusal);
    }

    private static boolean createsTemporary(LexedSql lexed) {
        for (int i = 1; i <= 3; i++) {
            if (lexed.isWordAt(i, "temp") || lexed.isWordAt(i, "temporary")) {
                return true;
            }
        }
        return false;
    }

    /** The three arguments of the call whose parenthesis opens at {@code open}, or null when one is not plain. */
    private static SetConfigCall readCall(LexedSql lexed, int open) {
        int close = lexed.matchingClose(open);
        if (close < 0) {
            return null;
        }
        List<SetConfigCall.Argument> args = new ArrayList<>(3);
        int depth = lexed.tokens().get(open).depth() + 1;
        int start = open + 1;
        for (int k = open + 1; k <= close; k++) {
            Token t = lexed.tokens().get(k);
            if (k == close || (t.type() == Token.Type.COMMA && t.depth() == depth)) {
                SetConfigCall.Argument a = argument(lexed, start, k);
                if (a == null) {
                    return null;
                }
                args.add(a);
                start = k + 1;
            }
        }
        return args.size() == 3 ? new SetConfigCall(args.get(0), args.get(1), args.get(2)) : null;
    }

    /** A literal or parameter from token {@code from} up to {@code to}, optionally cast ({@code ?::text}). */
    private static SetConfigCall.Argument argument(LexedSql lexed, int from, int to) {
        if (from >= to) {
            return null;
        }
        String sql = lexed.sql();
        for (int k = from + 1; k < to; k++) {
            Token t = lexed.tokens().get(k);
            boolean cast = t.type() == Token.Type.WORD || t.type() == Token.Type.SYMBOL && t.text(sql).equals(":");
            if (!cast) {
                return null;
            }
        }
        Token t = lexed.tokens().get(from);
        switch (t.type()) {
            case PARAMETER:
                return new SetConfigCall.Argument(null, parameterIndex(lexed, from));
            case STRING:
                String value = StringLiterals.plainValue(sql, t);
                return value == null ? null : new SetConfigCall.Argument(value, 0);
            case WORD:
                String word = Names.normalize(t.text(sql));
                return word.equals("true") || word.equals("false") ? new SetConfigCall.Argument(word, 0) : null;
            default:
                return null;
        }
    }

    private static int parameterIndex(LexedSql lexed, int tokenIndex) {
        int n = 0;
        for (int k = 0; k <= tokenIndex; k++) {
            if (lexed.tokens().get(k).type() == Token.Type.PARAMETER) {
                n++;
            }
        }
        return n;
    }
}
