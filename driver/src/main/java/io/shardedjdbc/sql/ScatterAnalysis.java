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
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Works out the {@link ScatterShape} of a SELECT from its parse tree and its tokens. */
final class ScatterAnalysis {
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
        } catch (RuntimeException e) {
            // A tree shape this analysis has not met: the statement still runs where a key or hint sends it.
            return ScatterShape.refused("a statement form the merge does not know (" + e + ")");
        }
    }

    private ScatterShape shape(PlainSelect select) {
        Finder finder = new Finder();
        if (select.getWindowDefinitions() != null && !select.getWindowDefinitions().isEmpty()) {
            return ScatterShape.refused("a WINDOW clause");
        }
        if (select.getDistinct() != null && select.getDistinct().getOnSelectItems() != null) {
            return ScatterShape.refused("DISTINCT ON");
        }
        if (select.getHaving() != null) {
            return ScatterShape.refused("HAVING");
        }
        List<Aggregate> aggregates = new ArrayList<>();
        java.util.Map<Integer, String> avgArguments = new java.util.LinkedHashMap<>();
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
            if (e instanceof Function f && f.getName() != null && MERGED.contains(bare(f.getName()))
                    && !(e instanceof AnalyticExpression)) {
                if (f.isDistinct()) {
                    return ScatterShape.refused(bare(f.getName()).toUpperCase(Locale.ROOT) + "(DISTINCT ...)");
                }
                aggregate = switch (bare(f.getName())) {
                    case "count" -> Aggregate.COUNT;
                    case "sum" -> Aggregate.SUM;
                    case "min" -> Aggregate.MIN;
                    case "max" -> Aggregate.MAX;
                    case "bool_or" -> Aggregate.BOOL_OR;
                    case "avg" -> Aggregate.AVG;
                    default -> Aggregate.BOOL_AND;
                };
                if (aggregate == Aggregate.AVG) {
                    if (f.getParameters() == null || f.getParameters().size() != 1 || f.isAllColumns()
                            || f.getParameters().get(0).toString().contains("?")) {
                        return ScatterShape.refused("AVG(" + f.getParameters() + ") (one argument without"
                                + " parameters is merged)");
                    }
                    avgArguments.put(aggregates.size(), f.getParameters().get(0).toString());
                }
                if (f.getParameters() != null) {
                    for (Expression p : f.getParameters()) {
                        finder.walk(p);
                    }
                }
            } else {
                finder.walk(e);
            }
            if (finder.refusal != null) {
                return ScatterShape.refused(finder.refusal);
            }
            aggregates.add(aggregate);
            labels.add(item.getAlias() != null ? Names.normalize(item.getAlias().getName())
                    : e instanceof Column c ? Names.normalize(c.getColumnName()) : null);
            texts.add(e.toString().toLowerCase(Locale.ROOT));
        }
        if (star && !aggregates.isEmpty() && aggregates.stream().anyMatch(a -> a != Aggregate.NONE)) {
            return ScatterShape.refused("* next to aggregates");
        }
        if (star) {
            aggregates.clear();
            labels.clear();
            texts.clear();
        }
        boolean hasAggregate = aggregates.stream().anyMatch(a -> a != Aggregate.NONE);
        GroupByElement group = select.getGroupBy();
        boolean groupBy = group != null && group.getGroupByExpressionList() != null
                && !group.getGroupByExpressionList().isEmpty();
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
        boolean combines = groupBy || hasAggregate || select.getDistinct() != null;
        List<SortKey> orderBy = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        List<ScatterShape.Average> averages = new ArrayList<>();
        int visible = aggregates.size();
        for (java.util.Map.Entry<Integer, String> avg : avgArguments.entrySet()) {
            // Each shard also returns sum and count of the argument; their totals give the average.
            hidden.add("sum(" + avg.getValue() + ")");
            aggregates.add(Aggregate.SUM);
            hidden.add("count(" + avg.getValue() + ")");
            aggregates.add(Aggregate.COUNT);
            averages.add(new ScatterShape.Average(avg.getKey(), visible + hidden.size() - 2, visible + hidden.size() - 1));
        }
        if (select.getOrderByElements() != null) {
            for (OrderByElement o : select.getOrderByElements()) {
                SortKey key = sortKey(o, labels, texts);
                if (key == null) {
                    if (combines || o.getExpression().toString().contains("?")) {
                        return ScatterShape.refused("ORDER BY " + o.getExpression() + " (a sort key that is not in"
                                + " the select list of a grouped, aggregated or DISTINCT query, or that holds a"
                                + " parameter: add it to the select list)");
                    }
                    // Each shard also returns the sort key, under a name of our own, and the merge drops it.
                    hidden.add(o.getExpression().toString());
                    boolean descending = !o.isAsc();
                    key = new SortKey(0, HIDDEN_PREFIX + hidden.size(), descending, o.getNullOrdering() == null
                            ? descending : o.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST);
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
        return shardText(aggregates, labels, groupBy, select.getDistinct() != null, orderBy, hidden, averages, limit,
                offset, combines);
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
     * The shards' text: the original with its LIMIT/OFFSET/FETCH tail replaced. Rows that are combined first get no
     * limit at all; plain rows get LIMIT limit + offset, since the merged result's first limit + offset rows can all
     * come from one shard.
     */
    private ScatterShape shardText(List<Aggregate> aggregates, List<String> labels, boolean groupBy, boolean distinct,
                                   List<SortKey> orderBy, List<String> hidden, List<ScatterShape.Average> averages,
                                   Bound limit, Bound offset, boolean combines) {
        List<Token> tokens = lexed.tokens();
        int from = -1;
        for (int i = 0; i < tokens.size() && from < 0; i++) {
            if (tokens.get(i).depth() == 0 && tokens.get(i).isWord(sql, "from")) {
                from = i;
            }
        }
        if (!hidden.isEmpty() && from < 0) {
            return ScatterShape.refused("ORDER BY an expression outside the select list of a query without FROM");
        }
        int tail = -1;
        int end = tokens.size();
        while (end > 0 && tokens.get(end - 1).type() == Token.Type.SEMICOLON) {
            end--;
        }
        if (limit != null || offset != null) {
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
        }
        List<Integer> parameters = new ArrayList<>();
        int number = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).type() == Token.Type.PARAMETER) {
                number++;
                if (tail < 0 || i < tail) {
                    parameters.add(number);
                }
            }
        }
        String text = sql;
        int shift = 0;
        if (!hidden.isEmpty()) {
            StringBuilder extra = new StringBuilder();
            for (int h = 0; h < hidden.size(); h++) {
                extra.append(", ").append(hidden.get(h)).append(" AS \"").append(HIDDEN_PREFIX).append(h + 1).append("\" ");
            }
            int at = tokens.get(from).start();
            text = sql.substring(0, at) + extra + sql.substring(at);
            shift = extra.length();
        }
        String shardSql = text;
        if (tail >= 0) {
            int tailStart = tokens.get(tail).start() + shift;
            StringBuilder sb = new StringBuilder(text.substring(0, tailStart));
            if (!combines && limit != null) {
                sb.append(" LIMIT ").append(term(limit, parameters));
                if (offset != null) {
                    sb.append(" + ").append(term(offset, parameters));
                }
            }
            sb.append(text.substring(tokens.get(end - 1).end() + shift));
            shardSql = sb.toString();
        }
        return new ScatterShape(List.copyOf(aggregates), java.util.Collections.unmodifiableList(labels), groupBy, distinct, List.copyOf(orderBy), hidden.size(), List.copyOf(averages),
                limit, offset, shardSql, parameters.stream().mapToInt(Integer::intValue).toArray(), null);
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
