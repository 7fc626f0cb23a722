package io.shardedjdbc.sql;

import java.util.List;
import java.util.Locale;

/**
 * Reads {@code sharded:} comments: {@code shard=s1}, {@code key=42}, {@code keyspace=user key=42}, {@code primary},
 * {@code consistency=eventual}.
 * Items are separated by blanks or commas; values may be single-quoted ({@code key='a b'}, {@code ''} for a quote).
 * Several hint comments in one statement are merged; a contradiction is an error, never a silent choice.
 */
final class HintParser {
    /** The names of the consistency setting's levels. */
    private static final List<String> LEVELS = List.of("eventual", "read-your-writes", "session", "causal", "strong");

    /** The hint, or the reason the hint comments cannot be used; exactly one is non-null when comments exist. */
    record Result(SqlHint hint, String error) {
        static final Result NONE = new Result(null, null);
    }

    private String shard;
    private String keyspace;
    private String key;
    private boolean primary;
    private String consistency;

    private HintParser() {
    }

    static Result parse(List<String> commentBodies) {
        if (commentBodies.isEmpty()) {
            return Result.NONE;
        }
        HintParser parser = new HintParser();
        for (String body : commentBodies) {
            String error = parser.readComment(body);
            if (error != null) {
                return new Result(null, error);
            }
        }
        return parser.finish();
    }

    private String readComment(String body) {
        int i = 0;
        int n = body.length();
        while (i < n) {
            char c = body.charAt(i);
            if (Character.isWhitespace(c) || c == ',') {
                i++;
                continue;
            }
            int nameStart = i;
            while (i < n && (Character.isLetterOrDigit(body.charAt(i)) || body.charAt(i) == '_')) {
                i++;
            }
            if (i == nameStart) {
                return "unexpected '" + c + "' in hint comment 'sharded:" + body.trim()
                        + "': write items as name=value (shard, keyspace, key) or primary";
            }
            String name = body.substring(nameStart, i).toLowerCase(Locale.ROOT);
            String value = null;
            int afterName = skipBlanks(body, i);
            if (afterName < n && body.charAt(afterName) == '=') {
                i = skipBlanks(body, afterName + 1);
                if (i < n && body.charAt(i) == '\'') {
                    StringBuilder sb = new StringBuilder();
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char v = body.charAt(i);
                        if (v == '\'') {
                            if (i + 1 < n && body.charAt(i + 1) == '\'') {
                                sb.append('\'');
                                i += 2;
                                continue;
                            }
                            i++;
                            closed = true;
                            break;
                        }
                        sb.append(v);
                        i++;
                    }
                    if (!closed) {
                        return "unterminated quoted value for '" + name + "' in hint comment";
                    }
                    value = sb.toString();
                } else {
                    int valueStart = i;
                    while (i < n && !Character.isWhitespace(body.charAt(i)) && body.charAt(i) != ',') {
                        i++;
                    }
                    value = body.substring(valueStart, i);
                }
                if (value.isEmpty()) {
                    return "hint item '" + name + "=' has no value";
                }
            }
            String error = apply(name, value);
            if (error != null) {
                return error;
            }
        }
        return null;
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private String apply(String name, String value) {
        switch (name) {
            case "primary" -> {
                if (value != null && !value.equalsIgnoreCase("true")) {
                    return "hint item 'primary' takes no value (write just: primary)";
                }
                primary = true;
                return null;
            }
            case "shard" -> {
                return value == null ? "hint item 'shard' needs a value: shard=<name>" : set(shard, value, "shard", 0);
            }
            case "keyspace" -> {
                return value == null ? "hint item 'keyspace' needs a value: keyspace=<name>"
                        : set(keyspace, value, "keyspace", 1);
            }
            case "key" -> {
                return value == null ? "hint item 'key' needs a value: key=<value>" : set(key, value, "key", 2);
            }
            case "consistency" -> {
                if (value == null || !LEVELS.contains(value.toLowerCase(Locale.ROOT))) {
                    return "hint item 'consistency' needs one of eventual, read-your-writes, session, causal, strong";
                }
                return set(consistency, value.toLowerCase(Locale.ROOT), "consistency", 3);
            }
            default -> {
                return "unknown hint item '" + name + "': use shard=, keyspace=, key=, consistency= or primary";
            }
        }
    }

    private String set(String current, String value, String name, int slot) {
        if (current != null && !current.equals(value)) {
            return "hint comments give two values for '" + name + "': '" + current + "' and '" + value + "'";
        }
        switch (slot) {
            case 0 -> shard = value;
            case 1 -> keyspace = value;
            case 2 -> key = value;
            default -> consistency = value;
        }
        return null;
    }

    private Result finish() {
        if (shard != null && (key != null || keyspace != null)) {
            return new Result(null, "a hint gives both shard=" + shard + " and a key: give one or the other");
        }
        if (keyspace != null && key == null) {
            return new Result(null, "hint keyspace=" + keyspace + " needs a key: keyspace=" + keyspace + " key=<value>");
        }
        if (shard == null && key == null && !primary && consistency == null) {
            return new Result(null, "empty 'sharded:' hint comment: give shard=, key=, consistency= or primary");
        }
        return new Result(new SqlHint(shard, keyspace, key, primary, consistency), null);
    }
}
