package io.shardedjdbc.sql;

import io.shardedjdbc.sql.ScatterShape.Aggregate;
import io.shardedjdbc.sql.ScatterShape.Bound;
import io.shardedjdbc.sql.ScatterShape.SortKey;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Works out the {@link ScatterShape} of a SELECT from its parse tree and its tokens. */
final class ScatterAnalysis implements HavingAnalysis.Columns {
    /** Names of the sort keys shards return beyond the select list; the merge removes those columns. */
    static final String HIDDEN_PREFIX = "__sj_hidden_";
    private static final Set<String> MERGED = Set.of("count", "sum", "min", "max", "bool_and", "bool_or", "every",
            "avg");
    /** Built-in aggregates whose per-shard results cannot simply be combined. */
    private static final Set<String> OTHER_AGGREGATES = Set.of("avg", "array_agg", "string_agg", "json_agg",
            "jsonb_agg", "json_object_agg", "jsonb_object_agg", "xmlagg", "stddev", "stddev_pop", "stddev_samp",
            "variance", "var_pop", "var_samp", "corr", "covar_pop", "covar_samp", "regr_avgx", "regr_avgy",
            "regr_count", "regr_intercept", "regr_r2", "regr_slope", "regr_sxx", "regr_sxy", "regr_syy",
            "percentile_cont", "percentile_disc", "mode", "rank", "dense_rank", "percent_rank", "cume_dist",
            "bit_and", "bit_or", "bit_xor", "range_agg", "range_intersect_agg", "any_value");

    private final String sql;
    private final LexedSql lexed;
    /** One per select item, then one per hidden column. */
    private final List<Aggregate> aggregates = new ArrayList<>();
    /** The select items' expressions. */
    private final List<Expression> items = new ArrayList<>();
    private final List<String> hidden = new ArrayList<>();
    /** Per hidden column: the original parameters its {@code ?} markers stand for. */
    private final List<List<Integer>> hiddenParameters = new ArrayList<>();
    private final List<ScatterShape.Average> averages = new ArrayList<>();
    private final List<ScatterShape.DistinctAggregate> distinctAggregates = new ArrayList<>();
    /** Aggregates by their text, so HAVING and ORDER BY reuse a column computing the same. */
    private final Map<String, Integer> aggregateColumns = new HashMap<>();
    /** DISTINCT arguments by their text, and the hidden column holding their values. */
    private final Map<String, Integer> distinctValues = new LinkedHashMap<>();
    private final Finder finder = new Finder();

    private ScatterAnalysis(String sql, LexedSql lexed) {
        this.sql = sql;
        this.lexed = lexed;
    }

    static ScatterShape of(String sql, LexedSql lexed, Select select) {
        if (!(select instanceof PlainSelect plain)) {
            return ScatterShape.refused("a set operation (UNION, INTERSECT, EXCEPT) or parenthesized query");
        }
        if (select.getWithItemsList() != null && !select.getWithItemsList().isEmpty()) {
            return ScatterShape.refused("a WITH clause");
        }
        try {
            return new ScatterAnalysis(sql, lexed).shape(plain);
        } catch (HavingAnalysis.Refused e) {
            return ScatterShape.refused(e.getMessage());
        } catch (RuntimeException e) {
            // A tree shape this analysis has not met: the statement still runs where a key or hint sends it.
            return ScatterShape.refused("a statement form the merge does not know (" + e + ")");
        }
    }

    private ScatterShape shape(PlainSelect select) {
        if (select.getWindowDefinitions() != null && !select.getWindowDefinitions().isEmpty()) {
            return ScatterShape.refused("a WINDOW clause");
        }
        if (select.getDistinct() != null && select.getDistinct().getOnSelectItems() != null) {
            return ScatterShape.refused("DISTINCT ON");
        }
        List<Function> itemAggregates = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        boolean star = false;
        for (SelectItem<?> item : select.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof AllColumns) {
                star = true;
                continue;
            }
            Aggregate aggregate = Aggregate.NONE;
            if (e instanceof Function f && isMerged(f)) {
                aggregate = kind(f);
                aggregateColumns.putIfAbsent(aggregateKey(f), aggregates.size());
                itemAggregates.add(f);
            } else {
                finder.walk(e);
                itemAggregates.add(null);
            }
            if (finder.refusal != null) {
                return ScatterShape.refused(finder.refusal);
            }
            aggregates.add(aggregate);
            items.add(e);
            labels.add(item.getAlias() != null ? Names.normalize(item.getAlias().getName())
                    : e instanceof Column c ? Names.normalize(c.getColumnName()) : null);
            texts.add(e.toString().toLowerCase(Locale.ROOT));
        }
        if (star && !aggregates.isEmpty() && aggregates.stream().anyMatch(a -> a != Aggregate.NONE)) {
            return ScatterShape.refused("* next to aggregates");
        }
        if (star) {
            aggregates.clear();
            items.clear();
            labels.clear();
            texts.clear();
        }
        boolean hasAggregate = aggregates.stream().anyMatch(a -> a != Aggregate.NONE);
        GroupByElement group = select.getGroupBy();
        boolean groupBy = group != null && group.getGroupByExpressionList() != null
                && !group.getGroupByExpressionList().isEmpty();
        if (group != null && group.getGroupingSets() != null && !group.getGroupingSets().isEmpty()) {
            return ScatterShape.refused("GROUPING SETS");
        }
        if (groupBy) {
            if (star) {
                return ScatterShape.refused("GROUP BY with SELECT *");
            }
            String problem = groupKeysAreSelected(group, aggregates, labels, texts);
            if (problem != null) {
                return ScatterShape.refused(problem);
            }
        } else if (hasAggregate && aggregates.contains(Aggregate.NONE)) {
            return ScatterShape.refused("a plain expression next to aggregates without GROUP BY");
        }
        int visible = aggregates.size();
        for (int i = 0; i < visible; i++) {
            if (itemAggregates.get(i) != null) {
                attach(i, itemAggregates.get(i));
            }
        }
        HavingTerm having = null;
        if (select.getHaving() != null) {
            if (star || (!groupBy && aggregates.contains(Aggregate.NONE))) {
                return ScatterShape.refused("HAVING without GROUP BY next to select items that are not aggregates");
            }
            having = HavingAnalysis.of(select.getHaving(), this);
        }
        boolean combines = groupBy || hasAggregate || select.getDistinct() != null || having != null;
        List<SortKey> orderBy = new ArrayList<>();
        if (select.getOrderByElements() != null) {
            for (OrderByElement o : select.getOrderByElements()) {
                SortKey key = sortKey(o, labels, texts);
                boolean descending = !o.isAsc();
                boolean nullsFirst = o.getNullOrdering() == null ? descending
                        : o.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST;
                if (key == null && combines && (groupBy || hasAggregate) && o.getExpression() instanceof Function f
                        && isMerged(f)) {
                    // An aggregate the select list lacks travels as a hidden column, sorted by position.
                    key = new SortKey(aggregate(f) + 1, null, descending, nullsFirst);
                }
                if (key == null) {
                    if (combines || o.getExpression().toString().contains("?")) {
                        return ScatterShape.refused("ORDER BY " + o.getExpression() + " (a sort key that is not in"
                                + " the select list of a grouped, aggregated or DISTINCT query, or that holds a"
                                + " parameter: add it to the select list)");
                    }
                    // Each shard also returns the sort key, under a name of our own, and the merge drops it.
                    addHidden(o.getExpression().toString(), Aggregate.NONE, List.of());
                    key = new SortKey(0, HIDDEN_PREFIX + hidden.size(), descending, nullsFirst);
                }
                orderBy.add(key);
            }
        }
        Bound limit = null;
        Bound offset = null;
        if (select.getLimit() != null && !select.getLimit().isLimitAll() && !select.getLimit().isLimitNull()) {
            if (select.getLimit().getOffset() != null) {
                return ScatterShape.refused("LIMIT offset, count");
            }
            limit = bound(select.getLimit().getRowCount());
        }
        if (select.getOffset() != null) {
            offset = bound(select.getOffset().getOffset());
        }
        if (select.getFetch() != null) {
            if (select.getFetch().getFetchParameters() != null && select.getFetch().getFetchParameters().stream()
                    .anyMatch(p -> p.toLowerCase(Locale.ROOT).contains("ties"))) {
                return ScatterShape.refused("FETCH ... WITH TIES");
            }
            limit = select.getFetch().getExpression() == null ? Bound.of(1) : bound(select.getFetch().getExpression());
        }
        if ((limit != null && limit.literal() < 0) || (offset != null && offset.literal() < 0)) {
            return ScatterShape.refused("a LIMIT or OFFSET that is not a number or a parameter");
        }
        return shardText(labels, groupBy, select.getDistinct() != null, orderBy, having, limit, offset, combines);
    }

    private static boolean isMerged(Function f) {
        return f.getName() != null && MERGED.contains(bare(f.getName()));
    }

    /** How a mergeable aggregate's per-shard values combine; refuses the forms no merge computes exactly. */
    private Aggregate kind(Function f) {
        String name = bare(f.getName());
        boolean oneArgument = f.getParameters() != null && f.getParameters().size() == 1 && !f.isAllColumns()
                && !"*".equals(f.getParameters().get(0).toString());
        boolean exact = f.isDistinct() && (name.equals("count") || name.equals("sum") || name.equals("avg"));
        if ((exact || name.equals("avg")) && (!oneArgument || f.getParameters().get(0).toString().contains("?")
                || f.getOrderByElements() != null)) {
            throw new HavingAnalysis.Refused(name.toUpperCase(Locale.ROOT) + (f.isDistinct() ? "(DISTINCT " : "(")
                    + f.getParameters() + ") (one argument without parameters is merged)");
        }
        if (f.getParameters() != null) {
            for (Expression p : f.getParameters()) {
                finder.walk(p);
            }
        }
        if (finder.refusal != null) {
            throw new HavingAnalysis.Refused(finder.refusal);
        }
        return switch (name) {
            case "count" -> f.isDistinct() ? Aggregate.COUNT_DISTINCT : Aggregate.COUNT;
            case "sum" -> f.isDistinct() ? Aggregate.SUM_DISTINCT : Aggregate.SUM;
            case "avg" -> f.isDistinct() ? Aggregate.AVG_DISTINCT : Aggregate.AVG;
            case "min" -> Aggregate.MIN;
            case "max" -> Aggregate.MAX;
            case "bool_or" -> Aggregate.BOOL_OR;
            default -> Aggregate.BOOL_AND;
        };
    }

    private static String aggregateKey(Function f) {
        return bare(f.getName()) + (f.isDistinct() ? " distinct " : " ") + f.getParameters();
    }

    /** The hidden columns an AVG or DISTINCT aggregate at the given column needs. */
    private void attach(int column, Function f) {
        Aggregate kind = aggregates.get(column);
        String argument = kind == Aggregate.AVG || kind == Aggregate.COUNT_DISTINCT || kind == Aggregate.SUM_DISTINCT
                || kind == Aggregate.AVG_DISTINCT ? f.getParameters().get(0).toString() : null;
        if (kind == Aggregate.AVG) {
            // Each shard also returns sum and count of the argument; their totals give the average.
            int sum = addHidden("sum(" + argument + ")", Aggregate.SUM, List.of());
            int count = addHidden("count(" + argument + ")", Aggregate.COUNT, List.of());
            averages.add(new ScatterShape.Average(column, sum, count));
        } else if (argument != null) {
            // The shards also group by the argument, so each of its values reaches the merge once per shard.
            Integer values = distinctValues.get(argument);
            if (values == null) {
                values = addHidden(argument, Aggregate.DISTINCT_VALUE, List.of());
                distinctValues.put(argument, values);
            }
            distinctAggregates.add(new ScatterShape.DistinctAggregate(column, values));
        }
    }

    /** @return the hidden column's 0-based index in the shards' rows */
    private int addHidden(String text, Aggregate aggregate, List<Integer> parameters) {
        hidden.add(text);
        hiddenParameters.add(parameters);
        aggregates.add(aggregate);
        return aggregates.size() - 1;
    }

    @Override
    public int selectItem(Expression e) {
        for (int i = 0; i < items.size(); i++) {
            if (HavingAnalysis.sameExpression(e, items.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int aggregate(Function f) {
        String name = f.getName() == null ? "" : bare(f.getName());
        if (!isMerged(f)) {
            throw new HavingAnalysis.Refused(OTHER_AGGREGATES.contains(name)
                    ? "the aggregate " + f + " in HAVING or ORDER BY"
                    : "HAVING ... " + f + " (a function that is neither an aggregate nor a select item)");
        }
        Aggregate kind = kind(f);
        Integer known = aggregateColumns.get(aggregateKey(f));
        if (known != null) {
            return known;
        }
        if (f.toString().contains("?")) {
            // the hidden copy would hold a marker the shard parameters do not map
            throw new HavingAnalysis.Refused(f + " (an aggregate with a parameter that the select list lacks: add it to"
                    + " the select list)");
        }
        int column = addHidden(f.toString(), kind, List.of());
        aggregateColumns.put(aggregateKey(f), column);
        attach(column, f);
        return column;
    }

    @Override
    public int parameter(JdbcParameter p, Expression sibling) {
        if (p.getIndex() == null) {
            throw new HavingAnalysis.Refused("a parameter in HAVING without a position");
        }
        // Never taken, the CASE branch makes PostgreSQL give the parameter the type it would have next to sibling.
        return addHidden("CASE WHEN false THEN (" + sibling + ") ELSE ? END", Aggregate.PARAMETER,
                List.of(p.getIndex()));
    }

    private static String bare(String functionName) {
        int dot = functionName.lastIndexOf('.');
        return Names.normalize(dot >= 0 ? functionName.substring(dot + 1) : functionName).toLowerCase(Locale.ROOT);
    }

    /** Merging groups by the visible non-aggregate columns is only right when those are exactly the group keys. */
    private static String groupKeysAreSelected(GroupByElement group, List<Aggregate> aggregates, List<String> labels,
                                               List<String> texts) {
        int plain = 0;
        for (Aggregate a : aggregates) {
            plain += a == Aggregate.NONE ? 1 : 0;
        }
        List<Integer> covered = new ArrayList<>();
        for (Object o : group.getGroupByExpressionList()) {
            Expression e = (Expression) o;
            int position = position(e, labels, texts);
            if (position <= 0 || aggregates.get(position - 1) != Aggregate.NONE) {
                return "GROUP BY " + e + " (a group key that is not in the select list: add it to the select list)";
            }
            if (!covered.contains(position)) {
                covered.add(position);
            }
        }
        if (covered.size() != plain) {
            return "a select item that is neither a GROUP BY key nor an aggregate";
        }
        return null;
    }

    private static SortKey sortKey(OrderByElement o, List<String> labels, List<String> texts) {
        Expression e = o.getExpression();
        boolean descending = !o.isAsc();
        boolean nullsFirst = o.getNullOrdering() == null ? descending
                : o.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST;
        if (e instanceof LongValue n) {
            return new SortKey((int) n.getValue(), null, descending, nullsFirst);
        }
        int position = position(e, labels, texts);
        if (position > 0) {
            return new SortKey(position, null, descending, nullsFirst);
        }
        if (labels.isEmpty() && e instanceof Column c && c.getTable() == null) {
            // SELECT *: the column is found by its label when the rows arrive.
            return new SortKey(0, Names.normalize(c.getColumnName()), descending, nullsFirst);
        }
        return null;
    }

    /** @return the 1-based select item an expression names (alias, column or same text), else 0 */
    private static int position(Expression e, List<String> labels, List<String> texts) {
        if (e instanceof LongValue n && n.getValue() >= 1 && n.getValue() <= labels.size()) {
            return (int) n.getValue();
        }
        String text = e.toString().toLowerCase(Locale.ROOT);
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).equals(text)) {
                return i + 1;
            }
        }
        if (e instanceof Column c && c.getTable() == null) {
            String name = Names.normalize(c.getColumnName());
            for (int i = 0; i < labels.size(); i++) {
                if (name.equals(labels.get(i))) {
                    return i + 1;
                }
            }
        }
        return 0;
    }

    private static Bound bound(Expression e) {
        if (e instanceof LongValue n) {
            return Bound.of(n.getValue());
        }
        if (e instanceof JdbcParameter p && p.getIndex() != null) {
            return new Bound(0, p.getIndex());
        }
        return Bound.of(-1);
    }

    /**
     * The shards' text: the original with the hidden columns added to the select list, without HAVING, grouped by
     * the DISTINCT arguments too, and with its LIMIT/OFFSET/FETCH tail replaced. Rows that are combined first get no
     * limit at all; plain rows get LIMIT limit + offset, since the merged result's first limit + offset rows can all
     * come from one shard.
     */
    private ScatterShape shardText(List<String> labels, boolean groupBy, boolean distinct, List<SortKey> orderBy,
                                   HavingTerm having, Bound limit, Bound offset, boolean combines) {
        List<Token> tokens = lexed.tokens();
        int from = lexed.findTopLevelWord(0, "from");
        if (!hidden.isEmpty() && from < 0) {
            return ScatterShape.refused("hidden columns (sort keys, averages, DISTINCT or HAVING aggregates) in a query"
                    + " without FROM");
        }
        int end = tokens.size();
        while (end > 0 && tokens.get(end - 1).type() == Token.Type.SEMICOLON) {
            end--;
        }
        ShardText text = new ShardText(sql, tokens);
        if (!hidden.isEmpty()) {
            StringBuilder extra = new StringBuilder();
            List<Integer> parameters = new ArrayList<>();
            for (int h = 0; h < hidden.size(); h++) {
                extra.append(", ").append(hidden.get(h)).append(" AS \"").append(HIDDEN_PREFIX).append(h + 1).append("\" ");
                parameters.addAll(hiddenParameters.get(h));
            }
            text.insert(tokens.get(from).start(), extra.toString(), parameters);
        }
        if (having != null) {
            int at = lexed.findTopLevelWord(from, "having");
            int stop = clauseEnd(at + 1, end, "order", "limit", "offset", "fetch", "window", "for");
            text.replace(tokens.get(at).start(), tokens.get(stop - 1).end(), "", List.of());
        }
        if (!distinctValues.isEmpty()) {
            StringBuilder keys = new StringBuilder();
            for (int column : distinctValues.values()) {
                keys.append(keys.length() == 0 ? "" : ", ").append(column + 1);
            }
            if (groupBy) {
                int at = lexed.findTopLevelWord(from, "group");
                int stop = clauseEnd(at + 1, end, "having", "order", "limit", "offset", "fetch", "window", "for");
                text.insert(tokens.get(stop - 1).end(), ", " + keys, List.of());
            } else {
                int stop = clauseEnd(from + 1, end, "having", "order", "limit", "offset", "fetch", "window", "for");
                text.insert(tokens.get(stop - 1).end(), " GROUP BY " + keys, List.of());
            }
        }
        if (limit != null || offset != null) {
            int tail = -1;
            for (int i = 0; i < end; i++) {
                Token t = tokens.get(i);
                if (t.depth() == 0 && (t.isWord(sql, "limit") || t.isWord(sql, "offset") || t.isWord(sql, "fetch"))) {
                    tail = i;
                }
            }
            // The tail starts at the first of the trailing LIMIT / OFFSET / FETCH clauses.
            for (int i = tail - 1; i >= 0; i--) {
                Token t = tokens.get(i);
                if (t.depth() == 0 && (t.isWord(sql, "limit") || t.isWord(sql, "offset") || t.isWord(sql, "fetch"))) {
                    tail = i;
                } else if (t.depth() == 0 && t.type() == Token.Type.WORD && isClauseWord(t)) {
                    break;
                }
            }
            List<Integer> parameters = new ArrayList<>();
            StringBuilder sb = new StringBuilder();
            if (!combines && limit != null) {
                sb.append(" LIMIT ").append(term(limit, parameters));
                if (offset != null) {
                    sb.append(" + ").append(term(offset, parameters));
                }
            }
            text.replace(tokens.get(tail).start(), tokens.get(end - 1).end(), sb.toString(), parameters);
        }
        return new ScatterShape(List.copyOf(aggregates), Collections.unmodifiableList(labels), groupBy, distinct,
                List.copyOf(orderBy), hidden.size(), List.copyOf(averages), List.copyOf(distinctAggregates), having,
                limit, offset, text.text(), text.parameters(), null);
    }

    /** @return the index of the first top-level token from {@code start} on that starts one of the clauses, or end */
    private int clauseEnd(int start, int end, String... clauses) {
        for (int i = start; i < end; i++) {
            Token t = lexed.tokens().get(i);
            if (t.depth() == 0) {
                for (String c : clauses) {
                    if (t.isWord(sql, c)) {
                        return i;
                    }
                }
            }
        }
        return end;
    }

    private boolean isClauseWord(Token t) {
        for (String w : new String[]{"select", "from", "where", "group", "having", "order", "by", "window", "for"}) {
            if (t.isWord(sql, w)) {
                return true;
            }
        }
        return false;
    }

    /** A bound as SQL: a literal, or a parameter marker whose value the original parameter supplies. */
    private static String term(Bound b, List<Integer> parameters) {
        if (b.parameter() > 0) {
            parameters.add(b.parameter());
            return "CAST(? AS bigint)";
        }
        return Long.toString(b.literal());
    }

    /** Finds window functions and aggregates that sit inside expressions, which no merge can combine. */
    private static final class Finder extends ExpressionVisitorAdapter<Void> {
        String refusal;

        void walk(Expression e) {
            if (e != null && refusal == null) {
                e.accept(this, null);
            }
        }

        @Override
        public <S> Void visit(AnalyticExpression e, S context) {
            refusal = refusal != null ? refusal : "the window function " + e.getName() + "() OVER (...)";
            return null;
        }

        @Override
        public <S> Void visit(Function f, S context) {
            String name = f.getName() == null ? "" : bare(f.getName());
            if (refusal == null && (MERGED.contains(name) || OTHER_AGGREGATES.contains(name))) {
                refusal = "the aggregate " + name.toUpperCase(Locale.ROOT) + "(...)"
                        + (MERGED.contains(name) ? " inside an expression" : "");
            }
            return super.visit(f, context);
        }
    }
}
