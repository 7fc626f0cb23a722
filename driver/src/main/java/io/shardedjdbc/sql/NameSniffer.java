package io.shardedjdbc.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds table names in statements the analyzer classifies by their leading keywords (DDL, LOCK, VACUUM...), from
 * tokens alone, so that DDL the parser does not know still names its tables. Best effort: forms not listed in
 * {@link #sniff} give no names.
 */
final class NameSniffer {
    private static final Set<String> CREATE_MODIFIERS = Set.of("or", "replace", "temp", "temporary", "unlogged",
            "global", "local", "unique");

    private final LexedSql lexed;
    private final List<Token> tokens;
    private final List<String> names = new ArrayList<>();
    private final List<WriteFacts.PartitionOf> partitions = new ArrayList<>();

    private NameSniffer(LexedSql lexed) {
        this.lexed = lexed;
        this.tokens = lexed.tokens();
    }

    static NameSniffer sniff(LexedSql lexed) {
        NameSniffer s = new NameSniffer(lexed);
        s.run();
        return s;
    }

    /** @return the tables named, in order, each once */
    List<String> names() {
        return names;
    }

    /** @return the partitions the statement creates ({@code PARTITION OF}) or attaches, with their parents */
    List<WriteFacts.PartitionOf> partitions() {
        return partitions;
    }

    private void run() {
        if (tokens.isEmpty()) {
            return;
        }
        int i = 1;
        switch (word(0)) {
            case "create" -> {
                while (CREATE_MODIFIERS.contains(word(i))) {
                    i++;
                }
                if (is(i, "table")) {
                    int first = names.size();
                    i = nameList(skipIf(i + 1, "if", "not", "exists"), false);
                    if (names.size() > first && is(i, "partition") && is(i + 1, "of")) {
                        String child = names.get(first);
                        String parent = lastPart(i + 2);
                        name(i + 2);
                        partitions.add(new WriteFacts.PartitionOf(child, parent));
                    }
                } else if (is(i, "index")) {
                    i = skipIf(skipIf(i + 1, "concurrently"), "if", "not", "exists");
                    if (!is(i, "on")) {
                        i = skipName(i);
                    }
                    if (is(i, "on")) {
                        name(skipIf(i + 1, "only"));
                    }
                }
                references();
            }
            case "alter" -> {
                if (is(i, "table")) {
                    int at = skipIf(skipIf(i + 1, "if", "exists"), "only");
                    String parent = lastPart(at);
                    int after = name(at);
                    if (parent != null && is(after + 1, "partition")
                            && (is(after, "attach") || is(after, "detach"))) {
                        String child = lastPart(after + 2);
                        name(after + 2);
                        if (child != null && is(after, "attach")) {
                            partitions.add(new WriteFacts.PartitionOf(child, parent));
                        }
                    }
                }
                references();
            }
            case "drop" -> {
                if (is(i, "table")) {
                    nameList(skipIf(i + 1, "if", "exists"), false);
                }
            }
            case "truncate" -> nameList(skipIf(i, "table"), true);
            case "comment" -> {
                if (is(i, "on") && is(i + 1, "table")) {
                    name(i + 2);
                } else if (is(i, "on") && is(i + 1, "column")) {
                    columnTable(i + 2);
                }
            }
            case "grant", "revoke" -> {
                int on = lexed.findTopLevelWord(1, "on");
                if (on > 0 && !is(on + 1, "all") && !is(on + 1, "schema") && !is(on + 1, "sequence")
                        && !is(on + 1, "function") && !is(on + 1, "database") && !is(on + 1, "procedure")
                        && !is(on + 1, "routine") && !is(on + 1, "type") && !is(on + 1, "domain")
                        && !is(on + 1, "language") && !is(on + 1, "tablespace") && !is(on + 1, "foreign")
                        && !is(on + 1, "large")) {
                    nameList(skipIf(on + 1, "table"), false);
                }
            }
            case "lock" -> nameList(skipIf(i, "table"), true);
            case "vacuum", "analyze", "analyse" -> {
                if (lexed.typeAt(i) == Token.Type.OPEN_PAREN) {
                    int close = lexed.matchingClose(i);
                    if (close < 0) {
                        return;
                    }
                    i = close + 1;
                }
                while (Set.of("full", "freeze", "verbose", "analyze", "analyse").contains(word(i))) {
                    i++;
                }
                nameList(i, true);
            }
            case "cluster" -> name(skipIf(i, "verbose"));
            case "reindex" -> {
                if (is(i, "table")) {
                    name(skipIf(i + 1, "concurrently"));
                }
            }
            case "copy" -> name(i);
            default -> {
                // no table names known for other statements
            }
        }
    }

    private String word(int i) {
        if (i < 0 || i >= tokens.size() || tokens.get(i).type() != Token.Type.WORD) {
            return "";
        }
        return Names.normalize(tokens.get(i).text(lexed.sql()));
    }

    private boolean is(int i, String lowerCaseWord) {
        return lexed.isWordAt(i, lowerCaseWord);
    }

    private int skipIf(int i, String... words) {
        for (int k = 0; k < words.length; k++) {
            if (!is(i + k, words[k])) {
                return i;
            }
        }
        return i + words.length;
    }

    private boolean isNamePart(int i) {
        Token.Type t = lexed.typeAt(i);
        return t == Token.Type.WORD || t == Token.Type.QUOTED_IDENTIFIER;
    }

    /** Skips {@code a.b.c}; returns the index after it. */
    private int skipName(int i) {
        if (!isNamePart(i)) {
            return i;
        }
        int k = i + 1;
        while (lexed.typeAt(k) == Token.Type.DOT && isNamePart(k + 1)) {
            k += 2;
        }
        return k;
    }

    /** @return the last part of the name at {@code i}, normalised, or null when no name starts there */
    private String lastPart(int i) {
        int end = skipName(i);
        return end > i ? Names.normalize(tokens.get(end - 1).text(lexed.sql())) : null;
    }

    /** Records the last part of the name at {@code i}; returns the index after it. */
    private int name(int i) {
        int end = skipName(i);
        if (end > i) {
            add(Names.normalize(tokens.get(end - 1).text(lexed.sql())));
        }
        return end;
    }

    /** {@code a, [ONLY] b *, c (col, ...)}: returns the index after the list. */
    private int nameList(int i, boolean allowOnly) {
        int k = i;
        while (true) {
            if (allowOnly) {
                k = skipIf(k, "only");
            }
            int end = name(k);
            if (end == k) {
                return k;
            }
            k = end;
            if (lexed.typeAt(k) == Token.Type.SYMBOL && tokens.get(k).text(lexed.sql()).equals("*")) {
                k++;
            }
            if (lexed.typeAt(k) == Token.Type.OPEN_PAREN && !word(0).equals("create")) {
                int close = lexed.matchingClose(k);
                k = close < 0 ? k : close + 1;
            }
            if (lexed.typeAt(k) != Token.Type.COMMA) {
                return k;
            }
            k++;
        }
    }

    /** {@code [schema.]table.column}: the part before the column. */
    private void columnTable(int i) {
        int end = skipName(i);
        int parts = (end - i + 1) / 2;
        if (parts >= 2) {
            add(Names.normalize(tokens.get(end - 3).text(lexed.sql())));
        }
    }

    private void references() {
        for (int k = 0; k < tokens.size(); k++) {
            if (tokens.get(k).isWord(lexed.sql(), "references")) {
                name(k + 1);
            }
        }
    }

    private void add(String name) {
        if (!name.isEmpty() && !names.contains(name)) {
            names.add(name);
        }
    }
}
