package io.shardedjdbc.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds a literal IN list on the key column in the text each shard runs, so that each shard can be sent only its own
 * keys. A list is used only when exactly one {@code column IN (literal, ...)} in the text has its values: a second
 * one could be a condition that does not hold for every row (under OR or NOT), and rewriting that would change the
 * answer.
 */
final class LiteralListLocator {
    private LiteralListLocator() {
    }

    static List<KeyLists.LiteralSpans> locate(String shardSql, List<KeyLists.Literals> lists) {
        if (lists.isEmpty()) {
            return List.of();
        }
        List<Token> tokens = SqlLexer.lex(shardSql).tokens();
        List<KeyLists.LiteralSpans> found = new ArrayList<>();
        for (KeyLists.Literals list : lists) {
            KeyLists.LiteralSpans only = null;
            int matches = 0;
            for (int i = 0; i + 3 < tokens.size(); i++) {
                if (names(tokens.get(i), shardSql, list.column()) && tokens.get(i + 1).isWord(shardSql, "in")
                        && tokens.get(i + 2).type() == Token.Type.OPEN_PAREN) {
                    KeyLists.LiteralSpans spans = items(tokens, i + 3, shardSql);
                    if (spans != null && new HashSet<>(List.of(spans.values())).equals(Set.copyOf(list.values()))) {
                        only = spans;
                        matches++;
                    }
                }
            }
            if (matches == 1) {
                found.add(only);
            }
        }
        return found;
    }

    private static boolean names(Token t, String sql, String column) {
        if (t.type() == Token.Type.WORD) {
            return t.isWord(sql, column);
        }
        return t.type() == Token.Type.QUOTED_IDENTIFIER && t.text(sql).equals("\"" + column + "\"");
    }

    /** The literals from {@code from} to the closing parenthesis, or null when an item is anything else. */
    private static KeyLists.LiteralSpans items(List<Token> tokens, int from, String sql) {
        List<int[]> spans = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        int i = from;
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            int start = t.start();
            boolean negative = false;
            if (t.type() == Token.Type.SYMBOL && t.text(sql).equals("-") && i + 1 < tokens.size()) {
                negative = true;
                t = tokens.get(++i);
            }
            Object value = value(t, sql, negative);
            if (value == null || i + 1 >= tokens.size()) {
                return null;
            }
            spans.add(new int[]{start, t.end()});
            values.add(value);
            Token next = tokens.get(++i);
            if (next.type() == Token.Type.CLOSE_PAREN) {
                int[] starts = spans.stream().mapToInt(s -> s[0]).toArray();
                int[] ends = spans.stream().mapToInt(s -> s[1]).toArray();
                return new KeyLists.LiteralSpans(starts, ends, values.toArray());
            }
            if (next.type() != Token.Type.COMMA) {
                return null;
            }
            i++;
        }
        return null;
    }

    /** A key literal as the analysis reads it: a bigint number or a plain quoted string; null for anything else. */
    private static Object value(Token t, String sql, boolean negative) {
        String text = t.text(sql);
        if (t.type() == Token.Type.NUMBER) {
            try {
                return Long.parseLong(negative ? "-" + text : text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (t.type() == Token.Type.STRING && !negative && text.length() >= 2 && text.charAt(0) == '\''
                && text.charAt(text.length() - 1) == '\'') {
            return text.substring(1, text.length() - 1).replace("''", "'");
        }
        return null;
    }
}
