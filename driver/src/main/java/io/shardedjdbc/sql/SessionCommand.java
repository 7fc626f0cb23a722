package io.shardedjdbc.sql;

import java.util.List;
import java.util.Locale;

/**
 * A SET, RESET, DISCARD or SHOW statement read into what the logical connection must remember: the setting it
 * changes and the text that puts the change on another physical connection. The server still validates the value;
 * this only names the setting, so that a later SET of the same one replaces it and a RESET forgets it.
 *
 * @param name    the setting, lower case ({@code timezone}, {@code role}, {@code app.tenant}); for a form this does not
 *                read, the statement's own text, so that it is remembered and replayed as written; null for
 *                RESET ALL, DISCARD and SHOW
 * @param replay  what puts the change on another connection: {@code SET ...} for a session setting,
 *                {@code SET LOCAL ...} / {@code SET TRANSACTION ...} for a transaction's, the statement itself else
 * @param refusal why the driver refuses the statement, or null
 */
public record SessionCommand(Kind kind, String name, String replay, String refusal) {

    public enum Kind {
        /** SET [SESSION] name ...: lasts until the session resets it (or the transaction it ran in rolls back). */
        SET,
        /** SET LOCAL name ..., SET TRANSACTION ...: lasts until the transaction ends. */
        SET_LOCAL,
        /** RESET name, SET name TO DEFAULT, SET ROLE NONE, SET TIME ZONE LOCAL, SET SESSION AUTHORIZATION DEFAULT. */
        RESET,
        /** RESET ALL: every setting back to its default but the role and the session authorization. */
        RESET_ALL,
        /** DISCARD ALL: RESET ALL plus the session authorization, temporary tables, plans, locks, listens. */
        DISCARD_ALL,
        /** DISCARD PLANS / SEQUENCES / TEMP: nothing to remember. */
        DISCARD,
        /** SHOW: a read of the session's settings. */
        SHOW,
        REFUSED
    }

    private static SessionCommand refused(String why) {
        return new SessionCommand(Kind.REFUSED, null, null, why);
    }

    static SessionCommand of(LexedSql lexed) {
        String sql = lexed.sql();
        List<Token> tokens = lexed.tokens();
        String first = Names.normalize(tokens.get(0).text(sql));
        return switch (first) {
            case "show" -> new SessionCommand(Kind.SHOW, null, null, null);
            case "discard" -> lexed.isWordAt(1, "all") ? new SessionCommand(Kind.DISCARD_ALL, null, sql, null)
                    : new SessionCommand(Kind.DISCARD, null, sql, null);
            case "reset" -> reset(lexed);
            default -> set(lexed);
        };
    }

    private static SessionCommand reset(LexedSql lexed) {
        String sql = lexed.sql();
        if (lexed.isWordAt(1, "all")) {
            return new SessionCommand(Kind.RESET_ALL, null, sql, null);
        }
        String name = special(lexed, 1);
        if (name == null) {
            name = settingName(lexed, 1);
        }
        if (name == null) {
            name = textKey(lexed, 0);
        }
        return new SessionCommand(Kind.RESET, name, sql, null);
    }

    private static SessionCommand set(LexedSql lexed) {
        String sql = lexed.sql();
        int i = 1;
        boolean local = false;
        boolean commandWord = lexed.isWordAt(2, "authorization") || lexed.isWordAt(2, "characteristics");
        if (lexed.isWordAt(i, "local")) {
            local = true;
            i++;
        } else if (lexed.isWordAt(i, "session") && !commandWord) {
            i++;
        }
        if (lexed.isWordAt(i, "transaction")) {
            if (lexed.isWordAt(i + 1, "snapshot")) {
                return refused("SET TRANSACTION SNAPSHOT imports one server's snapshot, which no other shard has");
            }
            // transaction modes: several may be set one after the other, so each is kept by its own text
            return new SessionCommand(Kind.SET_LOCAL, textKey(lexed, i), "SET " + rest(lexed, i), null);
        }
        if (lexed.isWordAt(i, "session") && lexed.isWordAt(i + 1, "characteristics")) {
            return new SessionCommand(local ? Kind.SET_LOCAL : Kind.SET, "session characteristics",
                    "SET " + rest(lexed, i), null);
        }
        if (lexed.isWordAt(i, "names") || (lexed.isWordAt(i, "client_encoding"))) {
            return refused("the client encoding belongs to the JDBC driver underneath, which requires UTF8");
        }
        String name = special(lexed, i);
        int value;
        if (name != null) {
            value = i + specialLength(lexed, i);
        } else {
            name = settingName(lexed, i);
            int afterName = afterName(lexed, i);
            boolean assigned = lexed.isWordAt(afterName, "to")
                    || (lexed.typeAt(afterName) == Token.Type.SYMBOL
                    && lexed.tokens().get(afterName).text(sql).equals("="));
            if (name == null || !assigned) {
                // a form not read here: remembered and replayed by its text; the server judges it
                return new SessionCommand(local ? Kind.SET_LOCAL : Kind.SET, textKey(lexed, 0),
                        local ? sql : "SET " + rest(lexed, i), null);
            }
            value = afterName + 1;
        }
        if (isDefault(lexed, name, value)) {
            return new SessionCommand(local ? Kind.SET_LOCAL : Kind.RESET, name,
                    local ? "SET LOCAL " + rest(lexed, i) : sql, null);
        }
        return new SessionCommand(local ? Kind.SET_LOCAL : Kind.SET, name,
                (local ? "SET LOCAL " : "SET ") + rest(lexed, i), null);
    }

    /** The settings with their own syntax: TIME ZONE, ROLE, SESSION AUTHORIZATION, SCHEMA, XML OPTION. */
    private static String special(LexedSql lexed, int i) {
        if (lexed.isWordAt(i, "time") && lexed.isWordAt(i + 1, "zone")) {
            return "timezone";
        }
        if (lexed.isWordAt(i, "role")) {
            return "role";
        }
        if (lexed.isWordAt(i, "session") && lexed.isWordAt(i + 1, "authorization")) {
            return "session_authorization";
        }
        if (lexed.isWordAt(i, "schema")) {
            return "search_path";
        }
        if (lexed.isWordAt(i, "xml") && lexed.isWordAt(i + 1, "option")) {
            return "xmloption";
        }
        return null;
    }

    private static int specialLength(LexedSql lexed, int i) {
        return lexed.isWordAt(i, "role") || lexed.isWordAt(i, "schema") ? 1 : 2;
    }

    /** The value that means "back to the default" for the setting: DEFAULT, or LOCAL / NONE in their forms. */
    private static boolean isDefault(LexedSql lexed, String name, int value) {
        if (value != lexed.tokens().size() - 1 && !(value == lexed.tokens().size() - 2
                && lexed.typeAt(value + 1) == Token.Type.SEMICOLON)) {
            return false;
        }
        return lexed.isWordAt(value, "default")
                || (name.equals("timezone") && lexed.isWordAt(value, "local"))
                || (name.equals("role") && lexed.isWordAt(value, "none"));
    }

    /** A setting's name at token {@code i}: words or quoted identifiers joined by dots, lower case; null if none. */
    private static String settingName(LexedSql lexed, int i) {
        int end = afterName(lexed, i);
        if (end == i) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int k = i; k < end; k++) {
            Token t = lexed.tokens().get(k);
            String text = t.text(lexed.sql());
            sb.append(t.type() == Token.Type.QUOTED_IDENTIFIER ? text.substring(1, text.length() - 1) : text);
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static int afterName(LexedSql lexed, int i) {
        int k = i;
        while (isNamePart(lexed.typeAt(k))) {
            k++;
            if (lexed.typeAt(k) != Token.Type.DOT || !isNamePart(lexed.typeAt(k + 1))) {
                return k;
            }
            k++;
        }
        return k;
    }

    private static boolean isNamePart(Token.Type type) {
        return type == Token.Type.WORD || type == Token.Type.QUOTED_IDENTIFIER;
    }

    /** The text from token {@code i} to the end, without a final semicolon. */
    private static String rest(LexedSql lexed, int i) {
        List<Token> tokens = lexed.tokens();
        int last = tokens.size() - 1;
        if (tokens.get(last).type() == Token.Type.SEMICOLON) {
            last--;
        }
        if (i > last) {
            return "";
        }
        return lexed.sql().substring(tokens.get(i).start(), tokens.get(last).end());
    }

    private static String textKey(LexedSql lexed, int i) {
        return rest(lexed, i).replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
