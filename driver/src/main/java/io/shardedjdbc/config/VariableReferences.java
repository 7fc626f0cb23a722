package io.shardedjdbc.config;

/**
 * Expands the variable references of one written value: {@code ${NAME}}, {@code ${NAME:-default}} (the default
 * when NAME is unset or empty, as in the shell) and the escape <code>$${</code>, which stands for a literal
 * <code>${</code>. Any other {@code $} is kept, so a password such as {@code pa$$word} needs no escaping.
 * <p>
 * Problem messages name the variable and where the reference sits in the value, never a variable's value nor
 * a default: both can be secrets.
 */
final class VariableReferences {
    private static final String OPEN = "${";
    private static final String ESCAPED_OPEN = "$${";
    private static final char CLOSE = '}';
    private static final String DEFAULT_SEPARATOR = ":-";

    /** Why a value cannot be expanded; the caller adds the file, line and key path. */
    static final class Problem extends Exception {
        Problem(String message) {
            super(message, null, false, false);
        }
    }

    private VariableReferences() {
    }

    /** @return false when the value holds neither a reference nor an escape and stands as written */
    static boolean present(String written) {
        return written.contains(OPEN); // also finds every escape: "$${" contains "${"
    }

    static String expand(String written, Variables variables) throws Problem {
        StringBuilder expanded = new StringBuilder(written.length());
        int at = 0;
        while (at < written.length()) {
            if (written.startsWith(ESCAPED_OPEN, at)) {
                expanded.append(OPEN);
                at += ESCAPED_OPEN.length();
            } else if (written.startsWith(OPEN, at)) {
                int close = written.indexOf(CLOSE, at + OPEN.length());
                if (close < 0) {
                    throw new Problem("the reference at character " + (at + 1) + " is not closed: '${' needs a "
                            + "closing '}' (write $${ for a literal ${)");
                }
                expanded.append(resolve(written.substring(at + OPEN.length(), close), variables));
                at = close + 1;
            } else {
                expanded.append(written.charAt(at));
                at++;
            }
        }
        return expanded.toString();
    }

    private static String resolve(String reference, Variables variables) throws Problem {
        if (reference.isEmpty()) {
            throw new Problem("empty reference ${}: write ${NAME} or ${NAME:-default}");
        }
        int separator = reference.indexOf(DEFAULT_SEPARATOR);
        String name = separator < 0 ? reference : reference.substring(0, separator);
        String fallback = separator < 0 ? null : reference.substring(separator + DEFAULT_SEPARATOR.length());
        checkName(name);
        if (fallback != null && fallback.contains(OPEN)) {
            // the first '}' closes the reference, so a nested one would be cut in two without this check
            throw new Problem("the default of ${" + name + ":-...} holds '${': references do not nest");
        }
        String value = variables.value(name);
        if (value != null && !value.isEmpty()) {
            return value;
        }
        if (fallback != null) {
            return fallback;
        }
        if (value == null) {
            throw new Problem("variable " + name + " is not set (neither a JVM system property nor an environment "
                    + "variable); set it, or give a default: ${" + name + ":-default}");
        }
        return value;
    }

    private static void checkName(String name) throws Problem {
        if (name.isEmpty()) {
            throw new Problem("a reference ${:-...} names no variable: write ${NAME:-default}");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = isAsciiLetter(c) || c == '_' || (i > 0 && (isAsciiDigit(c) || c == '.'));
            if (!allowed) {
                // only the name up to the offending character is echoed: after it may come a default
                String shown = "${" + name.substring(0, i + 1);
                String hint = c == ':' || c == '-' ? "; a default is written ${NAME:-default}" : "";
                throw new Problem("'" + shown + "' is not a valid reference: a variable name is letters, digits, "
                        + "'_' and '.', not starting with a digit or '.'" + hint);
            }
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
