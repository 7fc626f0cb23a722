package io.shardedjdbc.sql;

import io.shardedjdbc.config.TableSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;

/** Turns one SQL text into a {@link StatementPlan}: classify by leading keyword, parse when needed, walk. */
final class Analysis {

    private static final Set<String> TRANSACTION_WORDS = Set.of("begin", "start", "commit", "end", "rollback",
            "abort", "savepoint", "release");
    private static final Set<String> SESSION_WORDS = Set.of("set", "reset", "show", "discard");
    private static final Set<String> DDL_WORDS = Set.of("create", "alter", "drop", "truncate", "comment", "grant",
            "revoke");
    /** Statements that are neither DML nor DDL; routed by hint or table name, never parsed. */
    private static final Set<String> OTHER_WORDS = Set.of("vacuum", "analyze", "analyse", "lock", "cluster",
            "reindex", "copy", "call", "do", "listen", "notify", "unlisten", "checkpoint", "refresh", "load",
            "declare", "fetch", "move", "close", "prepare", "execute", "deallocate", "security", "import", "reassign");
    private static final int MAX_ERROR_LENGTH = 300;

    private final String sql;
    private final TableCatalog catalog;
    private final LexedSql lexed;
    private final HintParser.Result hint;

    private Analysis(String sql, TableCatalog catalog) {
        this.sql = sql;
        this.catalog = catalog;
        this.lexed = SqlLexer.lex(sql);
        this.hint = HintParser.parse(lexed.hintComments());
    }

    static StatementPlan analyze(String sql, TableCatalog catalog) {
        if (sql == null) {
            return new StatementPlan(null, StatementKind.UNPARSEABLE, false, List.of(), List.of(), List.of(), false,
                    HintParser.Result.NONE, null, "the SQL text is null", 0, false, 0, null, WriteFacts.NONE);
        }
        Analysis a = new Analysis(sql, catalog);
        try {
            StatementPlan plan = a.run();
            SessionEffects session = plan.kind() == StatementKind.UNPARSEABLE ? SessionEffects.NONE
                    : SessionEffects.of(a.lexed, plan.kind());
            return session.none() ? plan : plan.withSession(session);
        } catch (RuntimeException | StackOverflowError e) {
            // The parser's tree holds shapes this walker has not met; the statement still gets a plan, and the
            // router refuses it unless a hint says where it goes.
            return a.unparseable("statement analysis failed (" + e.getClass().getSimpleName() + "): "
                    + e.getMessage());
        }
    }

    private StatementPlan run() {
        List<Token> tokens = lexed.tokens();
        if (tokens.isEmpty()) {
            return plan(StatementKind.OTHER, false, new QueryWalker(catalog), null, false);
        }
        String first = tokens.get(0).type() == Token.Type.WORD ? Names.normalize(tokens.get(0).text(sql)) : "";
        if (TRANSACTION_WORDS.contains(first) || (first.equals("prepare") && lexed.isWordAt(1, "transaction"))) {
            return plan(StatementKind.TRANSACTION, false, new QueryWalker(catalog), null, false);
        }
        if (SESSION_WORDS.contains(first)) {
            return plan(StatementKind.SESSION, first.equals("show"), new QueryWalker(catalog), null, false);
        }
        if (DDL_WORDS.contains(first)) {
            return ddl();
        }
        if (first.equals("explain")) {
            return explain();
        }
        if (OTHER_WORDS.contains(first)) {
            QueryWalker walker = new QueryWalker(catalog);
            List<String> names = NameSniffer.sniff(lexed).names();
            names.forEach(walker::addNamedTable);
            StatementPlan plan = plan(StatementKind.OTHER, false, walker, null, true);
            if (first.equals("copy") && !names.isEmpty() && lexed.findTopLevelWord(1, "from") > 0) {
                // COPY ... FROM adds rows the driver cannot see, so no key places them
                TableSpec spec = catalog.find(names.get(0));
                if (spec != null && spec.sharded() && spec.keyColumn() != null) {
                    return plan.withWrites(new WriteFacts(names.get(0), spec, spec, null, null, List.of()));
                }
            }
            return plan;
        }
        String several = severalStatements(0);
        if (several != null) {
            return unparseable(several);
        }
        Statement statement;
        try {
            statement = parse(parserText(0));
        } catch (ParseException | TokenMgrException e) {
            return unparseable(shorten(e.getMessage()));
        }
        return dml(statement, false, false);
    }

    private StatementPlan dml(Statement statement, boolean explain, boolean explainAnalyze) {
        QueryWalker walker = new QueryWalker(catalog);
        StatementKind kind;
        TableRef target = null;
        if (statement instanceof Select select) {
            kind = StatementKind.SELECT;
            walker.walkSelect(select, null, Set.of(), null);
        } else if (statement instanceof Insert insert) {
            kind = StatementKind.INSERT;
            target = walker.walkInsert(insert, null, Set.of(), true);
        } else if (statement instanceof Update update) {
            kind = StatementKind.UPDATE;
            target = walker.walkUpdate(update, null, Set.of());
        } else if (statement instanceof Delete delete) {
            kind = StatementKind.DELETE;
            target = walker.walkDelete(delete, null, Set.of());
        } else if (statement instanceof Merge merge) {
            kind = StatementKind.MERGE;
            target = walker.walkMerge(merge, null, Set.of());
        } else {
            kind = StatementKind.OTHER;
        }
        boolean read = kind == StatementKind.SELECT && !walker.writes();
        if (explain) {
            // EXPLAIN ANALYZE runs the statement: treated as a write whatever the statement is.
            return plan(StatementKind.OTHER, !explainAnalyze, walker, null, false);
        }
        InsertRows rows = kind == StatementKind.INSERT && walker.insertRowKeys() != null
                ? InsertRows.locate(lexed, walker.insertRowKeys()) : null;
        StatementPlan plan = plan(kind, read, walker, rows, false, target, List.of());
        if ((kind == StatementKind.UPDATE || kind == StatementKind.DELETE)
                && !(walker.keyParameterLists().isEmpty() && walker.keyArrayParameters().isEmpty()
                && walker.keyLiteralLists().isEmpty())) {
            // a write whose key list spans shards runs on each owner with only its own keys
            return plan.withScatter(null, new KeyLists(walker.keyParameterLists(), walker.keyArrayParameters(),
                    LiteralListLocator.locate(sql, walker.keyLiteralLists())));
        }
        if (read && statement instanceof Select select && !plan.shardedTables().isEmpty()) {
            String problem = null;
            if (select instanceof PlainSelect plain && plain.getFromItem() != null) {
                Set<String> sharded = new java.util.HashSet<>();
                plan.shardedTables().forEach(tk -> sharded.add(tk.table().name()));
                problem = ScatterSources.problem(plain, sharded);
            } else if (select instanceof PlainSelect) {
                problem = "a sharded table read only inside a subquery of a SELECT without FROM";
            }
            ScatterShape shape = problem != null ? ScatterShape.refused(problem)
                    : ScatterAnalysis.of(sql, lexed, select);
            List<KeyLists.LiteralSpans> literals = shape.refusal() == null
                    ? LiteralListLocator.locate(shape.shardSql(), walker.keyLiteralLists()) : List.of();
            return plan.withScatter(shape, new KeyLists(walker.keyParameterLists(), walker.keyArrayParameters(),
                    literals));
        }
        return plan;
    }

    /** EXPLAIN [ANALYZE] [VERBOSE] stmt, or EXPLAIN (option [value], ...) stmt: the plan of stmt, kind OTHER. */
    private StatementPlan explain() {
        List<Token> tokens = lexed.tokens();
        int i = 1;
        boolean analyze = false;
        if (lexed.typeAt(i) == Token.Type.OPEN_PAREN) {
            int close = lexed.matchingClose(i);
            if (close < 0) {
                return unparseable("unbalanced parenthesis in EXPLAIN options");
            }
            for (int k = i + 1; k < close; k++) {
                if (lexed.isWordAt(k, "analyze") || lexed.isWordAt(k, "analyse")) {
                    boolean off = lexed.isWordAt(k + 1, "false") || lexed.isWordAt(k + 1, "off")
                            || (lexed.typeAt(k + 1) == Token.Type.NUMBER && tokens.get(k + 1).text(sql).equals("0"));
                    analyze = !off;
                }
            }
            i = close + 1;
        } else {
            while (lexed.isWordAt(i, "analyze") || lexed.isWordAt(i, "analyse") || lexed.isWordAt(i, "verbose")) {
                analyze |= !lexed.isWordAt(i, "verbose");
                i++;
            }
        }
        if (i >= tokens.size()) {
            return unparseable("EXPLAIN without a statement");
        }
        String several = severalStatements(i);
        if (several != null) {
            return unparseable(several);
        }
        try {
            return dml(parse(parserText(tokens.get(i).start())), true, analyze);
        } catch (ParseException | TokenMgrException e) {
            return unparseable(shorten(e.getMessage()));
        }
    }

    /** DDL: names from the tokens (the parser knows little PostgreSQL DDL), plus the tables of an AS SELECT. */
    private StatementPlan ddl() {
        QueryWalker walker = new QueryWalker(catalog);
        NameSniffer sniffed = NameSniffer.sniff(lexed);
        sniffed.names().forEach(walker::addNamedTable);
        Statement statement = null;
        try {
            statement = parse(parserText(0));
        } catch (ParseException | TokenMgrException e) {
            // DDL the parser does not know keeps the names found in its tokens.
        }
        if (statement instanceof CreateTable create) {
            walker.addNamedTable(Names.normalize(create.getTable().getName()));
            if (create.getIndexes() != null) {
                for (Index index : create.getIndexes()) {
                    if (index instanceof ForeignKeyIndex fk && fk.getTable() != null) {
                        walker.addNamedTable(Names.normalize(fk.getTable().getName()));
                    }
                }
            }
            if (create.getSelect() != null) {
                walker.walkSelect(create.getSelect(), null, Set.of(), null);
            }
        } else if (statement instanceof CreateView view && view.getSelect() != null) {
            walker.walkSelect(view.getSelect(), null, Set.of(), null);
        }
        return plan(StatementKind.DDL, false, walker, null, true, null, sniffed.partitions());
    }

    /** pgjdbc sends a string with several statements as several queries; one plan cannot route them all. */
    private String severalStatements(int from) {
        List<Token> tokens = lexed.tokens();
        for (int i = from; i < tokens.size() - 1; i++) {
            if (tokens.get(i).type() == Token.Type.SEMICOLON && tokens.get(i).depth() == 0) {
                return "several statements in one SQL string: run them one at a time";
            }
        }
        return null;
    }

    /**
     * The text handed to the parser: each {@code ?} numbered by its textual position ({@code ?3}), so that key
     * parameter indexes are JDBC's whatever order the parser visits them in; {@code ??} unescaped to the {@code ?}
     * operator pgjdbc sends; E'' and dollar-quoted strings, which the parser does not read, rewritten as plain
     * literals of the same value; text before {@code from} (an EXPLAIN prefix) blanked.
     */
    private String parserText(int from) {
        StringBuilder sb = new StringBuilder(sql.length() + 2 * lexed.parameterOffsets().length);
        for (int i = 0; i < from; i++) {
            sb.append(sql.charAt(i) == '\n' ? '\n' : ' ');
        }
        int copied = from;
        int parameter = 0;
        for (Token t : lexed.tokens()) {
            if (t.type() == Token.Type.PARAMETER) {
                parameter++;
                if (t.start() >= from) {
                    sb.append(sql, copied, t.start()).append('?').append(parameter);
                    copied = t.end();
                }
            } else if (t.type() == Token.Type.ESCAPED_QUESTION_MARK && t.start() >= from) {
                sb.append(sql, copied, t.start()).append('?');
                copied = t.end();
            } else if (t.type() == Token.Type.STRING && t.start() >= from && StringLiterals.needsRewrite(sql, t)) {
                sb.append(sql, copied, t.start());
                StringLiterals.appendStandard(sb, StringLiterals.value(sql, t));
                copied = t.end();
            }
        }
        sb.append(sql, copied, sql.length());
        return sb.toString();
    }

    /** Runs the parser on this thread (the parser's own helper starts a thread per statement for its timeout). */
    private static Statement parse(String text) throws ParseException {
        try {
            return CCJSqlParserUtil.newParser(text).withAllowComplexParsing(false).Statement();
        } catch (ParseException | TokenMgrException simple) {
            return CCJSqlParserUtil.newParser(text).withAllowComplexParsing(true).Statement();
        }
    }

    private static String shorten(String message) {
        if (message == null) {
            return "the SQL parser rejected the statement";
        }
        String m = message;
        int expecting = m.indexOf("Was expecting");
        if (expecting > 0) {
            m = m.substring(0, expecting);
        }
        m = m.replaceAll("\\s+", " ").trim();
        return m.length() > MAX_ERROR_LENGTH ? m.substring(0, MAX_ERROR_LENGTH) + "..." : m;
    }

    private StatementPlan unparseable(String error) {
        return new StatementPlan(sql, StatementKind.UNPARSEABLE, false, List.of(), List.of(), List.of(), false, hint,
                null, error, lexed.parameterOffsets().length, false, 0, null, WriteFacts.NONE);
    }

    private StatementPlan plan(StatementKind kind, boolean read, QueryWalker walker, InsertRows rows,
                               boolean namesOnly) {
        return plan(kind, read, walker, rows, namesOnly, null, List.of());
    }

    private StatementPlan plan(StatementKind kind, boolean read, QueryWalker walker, InsertRows rows,
                               boolean namesOnly, TableRef target, List<WriteFacts.PartitionOf> partitions) {
        Map<String, List<KeyExpr>> keysByTable = new LinkedHashMap<>();
        Map<String, TableSpec> specs = new LinkedHashMap<>();
        for (TableRef ref : walker.tableRefs()) {
            specs.putIfAbsent(ref.name, ref.spec);
            if (ref.isSharded()) {
                keysByTable.computeIfAbsent(ref.name, k -> new ArrayList<>()).add(namesOnly ? null : ref.key());
            }
        }
        List<String> tables = walker.tableNames();
        List<TableKey> sharded = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        boolean broadcast = false;
        for (String name : tables) {
            TableSpec spec = specs.containsKey(name) ? specs.get(name) : catalog.find(name);
            if (spec == null) {
                unknown.add(name);
            } else if (spec.broadcast()) {
                broadcast = true;
            } else {
                List<KeyExpr> keys = keysByTable.get(name);
                sharded.add(new TableKey(spec, keys == null ? null : KeyValues.combine(keys)));
            }
        }
        int shardedReferences = 0;
        for (TableRef ref : walker.tableRefs()) {
            shardedReferences += ref.isSharded() ? 1 : 0;
        }
        WriteFacts writes = target == null && walker.keylessInsert() == null && walker.columnOrderOf() == null
                && partitions.isEmpty() ? WriteFacts.NONE
                : new WriteFacts(target == null ? null : target.name, target == null ? null : target.spec,
                walker.keylessInsert(), walker.columnOrderOf(), walker.columnOrder(), partitions);
        return new StatementPlan(sql, kind, read, tables, sharded, unknown, broadcast, hint, rows, null,
                lexed.parameterOffsets().length, walker.changesShardKey(), shardedReferences, null, writes);
    }
}
