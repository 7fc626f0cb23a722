package io.shardedjdbc.sql;

import java.util.Locale;

/** Identifier spelling: PostgreSQL folds unquoted names to lower case; the topology keeps names lower-case. */
final class Names {

    private Names() {
    }

    /** {@code "Users"} and {@code USERS} both become {@code users}. */
    static String normalize(String identifier) {
        if (identifier == null) {
            return null;
        }
        String s = identifier;
        if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
            s = s.substring(1, s.length() - 1).replace("\"\"", "\"");
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
