package io.shardedjdbc.itest.scatter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Queries built from templates with the oracle's seed: sort keys, directions, NULL placement, ORDER BY styles,
 * paging, filters, grouping keys and aggregates in random combinations. Every query that pages has a total order.
 */
final class GeneratedQueries {
    private static final List<String> ACCOUNT_FILTERS = List.of("", "tier = 2", "tier IN (1, 5)", "region = 'north'",
            "region <> 'west'", "balance < 0", "balance = 0", "active", "NOT active", "nick IS NULL",
            "nick IS NOT NULL", "score > 100", "opened < TIMESTAMPTZ '2021-06-01 00:00:00+00'", "tier IS NULL OR tier > 3");
    private static final List<String> EVENT_FILTERS = List.of("", "amount < 0", "amount = 0", "kind = 'fee'",
            "kind IS NULL", "at >= TIMESTAMPTZ '2022-01-01 00:00:00+00'", "amount BETWEEN -50 AND 50");

    /** Sortable account expressions; the last ones are expressions rather than plain columns. */
    private static final List<String> ACCOUNT_SORT = List.of("tier", "region", "balance", "score", "opened", "active",
            "nick", "abs(balance)", "lower(nick)", "tier * 10 + 1");

    private record Aggregate(String sql, boolean avg, boolean distinct) {
    }

    private static final List<Aggregate> ACCOUNT_AGGREGATES = List.of(agg("count(*)"), agg("count(nick)"),
            agg("count(region)"), agg("sum(balance)"), agg("sum(tier)"), agg("sum(score)"), agg("min(balance)"),
            agg("max(balance)"), agg("min(score)"), agg("max(score)"), agg("min(opened)"), agg("max(opened)"),
            agg("min(nick)"), agg("max(nick)"), agg("bool_and(active)"), agg("bool_or(active)"),
            new Aggregate("avg(balance)", true, false), new Aggregate("avg(tier)", true, false),
            new Aggregate("avg(score)", true, false), new Aggregate("count(DISTINCT region)", false, true),
            new Aggregate("count(DISTINCT tier)", false, true));
    private static final List<Aggregate> EVENT_AGGREGATES = List.of(agg("count(*)"), agg("count(kind)"),
            agg("sum(amount)"), agg("min(amount)"), agg("max(amount)"), agg("min(at)"), agg("max(at)"),
            new Aggregate("avg(amount)", true, false), new Aggregate("count(DISTINCT account_id)", false, true),
            new Aggregate("count(DISTINCT kind)", false, true));

    /** HAVING conditions: aggregates in and outside the select list, NULL tests, arithmetic, DISTINCT aggregates. */
    private static final List<String> ACCOUNT_HAVING = List.of("count(*) > 50", "sum(balance) > 0", "max(score) > 0",
            "bool_or(active)", "min(tier) < 3", "count(DISTINCT region) > 2", "avg(balance) < 0", "max(nick) IS NULL",
            "count(nick) * 2 > count(*)", "NOT bool_and(active)", "sum(tier) NOT BETWEEN 10 AND 100",
            "min(tier) IN (1, 2)", "max(balance) - min(balance) >= 5000.5", "count(*) <> 1", "avg(score) IS NOT NULL");
    private static final List<String> EVENT_HAVING = List.of("count(*) > 3", "sum(amount) < 0", "max(amount) > 1000",
            "count(kind) < count(*)", "count(DISTINCT kind) >= 2", "avg(amount) IS NULL", "sum(amount) / count(*) > 1",
            "min(amount) BETWEEN -50 AND 50", "NOT bool_or(amount < 0)", "max(kind) IN ('fee', 'refund')",
            "count(DISTINCT account_id) < 5");

    private record GroupKey(String expr, String alias) {
    }

    private static final List<GroupKey> ACCOUNT_GROUP_KEYS = List.of(new GroupKey("tier", "tier"),
            new GroupKey("region", "region"), new GroupKey("active", "active"),
            new GroupKey("nick IS NULL", "no_nick"), new GroupKey("date_trunc('year', opened)", "y"));
    private static final List<GroupKey> EVENT_GROUP_KEYS = List.of(new GroupKey("kind", "kind"),
            new GroupKey("amount < 0", "negative"), new GroupKey("date_trunc('year', at)", "y"),
            new GroupKey("account_id", "account_id"));

    private final Random rnd;
    private final Corpus corpus;
    private final OracleData data;

    private GeneratedQueries(Random rnd, Corpus corpus, OracleData data) {
        this.rnd = rnd;
        this.corpus = corpus;
        this.data = data;
    }

    static void addTo(Corpus corpus, OracleData data, Random rnd) {
        GeneratedQueries g = new GeneratedQueries(rnd, corpus, data);
        for (int i = 0; i < 70; i++) {
            g.orderAndPage();
        }
        for (int i = 0; i < 45; i++) {
            g.grouped(i % 3 == 2);
        }
        for (int i = 0; i < 25; i++) {
            g.aggregates(i % 3 == 2);
        }
        for (int i = 0; i < 20; i++) {
            g.keyList(i);
        }
        for (int i = 0; i < 15; i++) {
            g.single(i);
        }
    }

    private static Aggregate agg(String sql) {
        return new Aggregate(sql, false, false);
    }

    private void orderAndPage() {
        List<String> sortExprs = pick(ACCOUNT_SORT, 1 + rnd.nextInt(3));
        List<String> select = new ArrayList<>(List.of("account_id"));
        StringJoiner order = new StringJoiner(", ");
        for (int i = 0; i < sortExprs.size(); i++) {
            String expr = sortExprs.get(i);
            String item;
            switch (rnd.nextInt(4)) {
                case 0 -> { // selected, ordered by position
                    select.add(expr + " AS k" + i);
                    item = String.valueOf(select.size());
                }
                case 1 -> { // selected, ordered by alias
                    select.add(expr + " AS k" + i);
                    item = "k" + i;
                }
                case 2 -> { // selected, ordered by the expression
                    select.add(expr);
                    item = expr;
                }
                default -> item = expr; // a sort key the select list does not show
            }
            order.add(item + direction() + nulls());
        }
        if (rnd.nextBoolean()) {
            select.add(pickOne(List.of("balance", "nick", "opened", "score", "active")));
        }
        order.add(rnd.nextBoolean() ? "account_id" : rnd.nextBoolean() ? "account_id DESC" : "1");
        String paging = paging();
        corpus.add(paging.isEmpty() ? Category.ORDER : Category.LIMIT, Ordering.TOTAL, "SELECT " + String.join(", ", select)
                + " FROM accounts" + where(ACCOUNT_FILTERS) + " ORDER BY " + order + paging);
    }

    private String paging() {
        int n = 1 + rnd.nextInt(40);
        int skip = rnd.nextInt(4) == 0 ? 1500 + rnd.nextInt(600) : rnd.nextInt(60);
        return switch (rnd.nextInt(7)) {
            case 0, 1 -> "";
            case 2 -> " LIMIT " + n;
            case 3 -> " LIMIT " + n + " OFFSET " + skip;
            case 4 -> " OFFSET " + skip;
            case 5 -> " FETCH FIRST " + n + " ROWS ONLY";
            default -> " OFFSET " + skip + " ROWS FETCH NEXT " + n + " ROWS ONLY";
        };
    }

    private void grouped(boolean events) {
        List<GroupKey> keys = pick(events ? EVENT_GROUP_KEYS : ACCOUNT_GROUP_KEYS, 1 + rnd.nextInt(2));
        List<Aggregate> aggregates = pick(events ? EVENT_AGGREGATES : ACCOUNT_AGGREGATES, 1 + rnd.nextInt(3));
        List<String> select = new ArrayList<>();
        for (GroupKey k : keys) {
            select.add(k.expr().equals(k.alias()) ? k.expr() : k.expr() + " AS " + k.alias());
        }
        aggregates.forEach(a -> select.add(a.sql()));
        StringJoiner groupBy = new StringJoiner(", ");
        keys.forEach(k -> groupBy.add(rnd.nextBoolean() ? k.expr() : k.alias()));
        String having = "";
        if (rnd.nextInt(10) < 4) {
            having = " HAVING " + havingCondition(events ? EVENT_HAVING : ACCOUNT_HAVING);
        }
        Ordering ordering = Ordering.NONE;
        String orderBy = "";
        String paging = "";
        if (rnd.nextInt(10) < 7) {
            StringJoiner order = new StringJoiner(", ");
            if (rnd.nextInt(3) == 0) {
                order.add(aggregates.get(0).sql() + direction() + nulls());
            }
            keys.forEach(k -> order.add(k.alias() + direction() + nulls()));
            orderBy = " ORDER BY " + order;
            ordering = Ordering.TOTAL;
            if (rnd.nextInt(4) == 0) {
                paging = " LIMIT " + (1 + rnd.nextInt(8)) + (rnd.nextBoolean() ? " OFFSET " + rnd.nextInt(4) : "");
            }
        }
        Category category = categoryOf(aggregates, having.isEmpty() ? Category.GROUP : Category.HAVING);
        corpus.add(category, ordering, "SELECT " + String.join(", ", select) + " FROM " + (events ? "events" : "accounts")
                + where(events ? EVENT_FILTERS : ACCOUNT_FILTERS) + " GROUP BY " + groupBy + having + orderBy + paging);
    }

    private void aggregates(boolean events) {
        List<Aggregate> aggregates = pick(events ? EVENT_AGGREGATES : ACCOUNT_AGGREGATES, 1 + rnd.nextInt(4));
        StringJoiner select = new StringJoiner(", ");
        aggregates.forEach(a -> select.add(a.sql()));
        corpus.add(categoryOf(aggregates, Category.AGG_SIMPLE), Ordering.TOTAL, "SELECT " + select + " FROM "
                + (events ? "events" : "accounts") + where(events ? EVENT_FILTERS : ACCOUNT_FILTERS));
    }

    /** One condition, or two joined by AND / OR, or one negated; parenthesized so each keeps its own meaning. */
    private String havingCondition(List<String> conditions) {
        List<String> two = pick(conditions, 2);
        return switch (rnd.nextInt(5)) {
            case 0 -> "(" + two.get(0) + ") AND (" + two.get(1) + ")";
            case 1 -> "(" + two.get(0) + ") OR (" + two.get(1) + ")";
            case 2 -> "NOT (" + two.get(0) + ")";
            default -> two.get(0);
        };
    }

    private static Category categoryOf(List<Aggregate> aggregates, Category plain) {
        if (aggregates.stream().anyMatch(Aggregate::distinct)) {
            return Category.COUNT_DISTINCT;
        }
        if (aggregates.stream().anyMatch(Aggregate::avg)) {
            return Category.AVG;
        }
        return plain;
    }

    /** Key lists of existing and missing accounts, as IN (...), ANY(ARRAY[...]) and ANY(?) with a Long[]. */
    private void keyList(int variant) {
        Set<Long> keys = new LinkedHashSet<>();
        int n = 2 + rnd.nextInt(11);
        while (keys.size() < n) {
            keys.add(rnd.nextInt(8) == 0 ? 20_000_000L + rnd.nextInt(1000)
                    : rnd.nextBoolean() ? data.events.get(rnd.nextInt(data.events.size())).accountId()
                    : data.accounts.get(rnd.nextInt(data.accounts.size())).id());
        }
        StringJoiner literal = new StringJoiner(", ");
        keys.forEach(k -> literal.add(String.valueOf(k)));
        Long[] array = keys.toArray(new Long[0]);
        switch (variant % 5) {
            case 0 -> corpus.add(Category.IN_LIST, Ordering.NONE, "SELECT * FROM accounts WHERE account_id IN (" + literal + ")");
            case 1 -> corpus.add(Category.IN_LIST, Ordering.TOTAL, "SELECT account_id, count(*), sum(amount) FROM events"
                    + " WHERE account_id IN (" + literal + ") GROUP BY account_id ORDER BY account_id DESC");
            case 2 -> corpus.add(Category.IN_LIST, Ordering.TOTAL, "SELECT count(*), sum(balance), max(opened) FROM accounts"
                    + " WHERE account_id = ANY(ARRAY[" + literal + "])");
            case 3 -> corpus.add(Category.IN_LIST, Ordering.TOTAL, "SELECT account_id, event_id, amount FROM events"
                    + " WHERE account_id = ANY(?) ORDER BY amount NULLS LAST, event_id LIMIT 15", (Object) array);
            default -> corpus.add(Category.IN_LIST, Ordering.NONE, "SELECT account_id, nick, balance FROM accounts"
                    + " WHERE account_id = ANY(?)", (Object) array);
        }
    }

    /** One account's rows, of every type the oracle compares (arrays included). */
    private void single(int variant) {
        long id = rnd.nextBoolean() ? data.events.get(rnd.nextInt(data.events.size())).accountId()
                : data.accounts.get(rnd.nextInt(data.accounts.size())).id();
        switch (variant % 5) {
            case 0 -> corpus.add(Category.SINGLE, Ordering.TOTAL, "SELECT * FROM accounts WHERE account_id = " + id);
            case 1 -> corpus.add(Category.SINGLE, Ordering.NONE, "SELECT * FROM events WHERE account_id = " + id);
            case 2 -> corpus.add(Category.SINGLE, Ordering.TOTAL, "SELECT kind, count(*), sum(amount), avg(amount), min(at),"
                    + " max(at) FROM events WHERE account_id = " + id + " GROUP BY kind ORDER BY kind NULLS FIRST");
            case 3 -> corpus.add(Category.SINGLE, Ordering.TOTAL, "SELECT a.nick, a.score, e.event_id, e.amount, e.at"
                    + " FROM accounts a JOIN events e ON e.account_id = a.account_id WHERE a.account_id = " + id
                    + " ORDER BY e.amount DESC NULLS FIRST, e.event_id");
            default -> corpus.add(Category.SINGLE, Ordering.TOTAL, "SELECT account_id, ARRAY[tier, 7] AS pair, opened,"
                    + " active FROM accounts WHERE account_id = ?", id);
        }
    }

    private String where(List<String> filters) {
        String filter = pickOne(filters);
        return filter.isEmpty() ? "" : " WHERE " + filter;
    }

    private String direction() {
        return switch (rnd.nextInt(3)) {
            case 0 -> "";
            case 1 -> " ASC";
            default -> " DESC";
        };
    }

    private String nulls() {
        return switch (rnd.nextInt(3)) {
            case 0 -> "";
            case 1 -> " NULLS FIRST";
            default -> " NULLS LAST";
        };
    }

    private <T> T pickOne(List<T> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    private <T> List<T> pick(List<T> from, int n) {
        List<T> shuffled = new ArrayList<>(from);
        Collections.shuffle(shuffled, rnd);
        return shuffled.subList(0, Math.min(n, shuffled.size()));
    }
}
