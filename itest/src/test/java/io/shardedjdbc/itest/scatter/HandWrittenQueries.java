package io.shardedjdbc.itest.scatter;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static io.shardedjdbc.itest.scatter.Category.AGG_SIMPLE;
import static io.shardedjdbc.itest.scatter.Category.AVG;
import static io.shardedjdbc.itest.scatter.Category.BROADCAST_JOIN;
import static io.shardedjdbc.itest.scatter.Category.COLOCATED_JOIN;
import static io.shardedjdbc.itest.scatter.Category.COUNT_DISTINCT;
import static io.shardedjdbc.itest.scatter.Category.DISTINCT;
import static io.shardedjdbc.itest.scatter.Category.EMPTY;
import static io.shardedjdbc.itest.scatter.Category.GROUP;
import static io.shardedjdbc.itest.scatter.Category.HAVING;
import static io.shardedjdbc.itest.scatter.Category.LIMIT;
import static io.shardedjdbc.itest.scatter.Category.MUST_REFUSE;
import static io.shardedjdbc.itest.scatter.Category.ONE_SHARD;
import static io.shardedjdbc.itest.scatter.Category.ORDER;
import static io.shardedjdbc.itest.scatter.Category.PLAIN;
import static io.shardedjdbc.itest.scatter.Category.PREPARED;
import static io.shardedjdbc.itest.scatter.Category.SINGLE;
import static io.shardedjdbc.itest.scatter.Ordering.NONE;
import static io.shardedjdbc.itest.scatter.Ordering.TOTAL;
import static io.shardedjdbc.itest.scatter.Ordering.keys;

/**
 * The corner cases written out: NULL placement, ties, empty inputs, aggregates of nothing, expressions over
 * aggregates, and the statements no merge of per-shard results can answer.
 */
final class HandWrittenQueries {
    private HandWrittenQueries() {
    }

    static void addTo(Corpus c, OracleData data) {
        plain(c);
        colocatedJoins(c);
        broadcastJoins(c);
        order(c);
        limit(c);
        aggregates(c);
        groups(c);
        having(c);
        countDistinct(c);
        distinct(c);
        oneShardAndEmpty(c);
        prepared(c);
        single(c, data);
        mustRefuse(c);
    }

    private static void plain(Corpus c) {
        c.add(PLAIN, NONE, "SELECT * FROM accounts")
                .add(PLAIN, NONE, "SELECT account_id, region, tier FROM accounts WHERE tier = 3")
                .add(PLAIN, NONE, "SELECT account_id, nick FROM accounts WHERE nick IS NULL")
                .add(PLAIN, NONE, "SELECT * FROM events WHERE amount < 0")
                .add(PLAIN, NONE, "SELECT * FROM events WHERE amount = 0")
                .add(PLAIN, NONE, "SELECT account_id, balance FROM accounts WHERE balance BETWEEN -100 AND 100")
                .add(PLAIN, NONE, "SELECT account_id, score * 2 AS double_score, upper(region) AS r FROM accounts WHERE active")
                .add(PLAIN, NONE, "SELECT event_id, kind FROM events WHERE kind IN ('fee', 'refund')"
                        + " AND at >= TIMESTAMPTZ '2021-01-01 00:00:00+00'")
                .add(PLAIN, NONE, "SELECT account_id, nick FROM accounts WHERE nick LIKE 'A%'")
                .add(PLAIN, NONE, "SELECT * FROM accounts WHERE balance > 1000000")
                .add(PLAIN, NONE, "SELECT account_id, opened, active FROM accounts WHERE opened IS NULL OR active IS NULL")
                .add(PLAIN, NONE, "SELECT tier, region FROM accounts")
                .add(PLAIN, NONE, "SELECT account_id, event_id, amount FROM events WHERE kind IS NULL OR amount IS NULL");
    }

    private static void colocatedJoins(Corpus c) {
        c.add(COLOCATED_JOIN, NONE, "SELECT a.account_id, a.region, e.event_id, e.amount FROM accounts a"
                        + " JOIN events e ON e.account_id = a.account_id WHERE e.amount < 0")
                .add(COLOCATED_JOIN, TOTAL, "SELECT a.nick, e.event_id, e.at FROM accounts a JOIN events e"
                        + " ON e.account_id = a.account_id ORDER BY e.at DESC NULLS LAST, e.event_id LIMIT 20")
                .add(COLOCATED_JOIN, TOTAL, "SELECT a.region, count(*), sum(e.amount) FROM accounts a JOIN events e"
                        + " ON e.account_id = a.account_id GROUP BY a.region ORDER BY a.region NULLS LAST")
                .add(COLOCATED_JOIN, NONE, "SELECT a.account_id FROM accounts a LEFT JOIN events e"
                        + " ON e.account_id = a.account_id WHERE e.event_id IS NULL")
                .add(COLOCATED_JOIN, NONE, "SELECT a.account_id, a.tier FROM accounts a WHERE EXISTS"
                        + " (SELECT 1 FROM events e WHERE e.account_id = a.account_id AND e.kind = 'fee')");
    }

    /** Each result row must come from one account row: else a broadcast row would come back once per shard. */
    private static void broadcastJoins(Corpus c) {
        c.add(BROADCAST_JOIN, TOTAL, "SELECT a.account_id, z.label FROM accounts a JOIN zones z ON z.region = a.region"
                        + " ORDER BY a.account_id")
                .add(BROADCAST_JOIN, TOTAL, "SELECT z.zone, count(*), sum(a.balance) FROM accounts a JOIN zones z"
                        + " ON z.region = a.region GROUP BY z.zone ORDER BY z.zone")
                .add(BROADCAST_JOIN, NONE, "SELECT a.account_id, z.label FROM accounts a LEFT JOIN zones z"
                        + " ON z.region = a.region WHERE a.tier = 1")
                .add(BROADCAST_JOIN, NONE, "SELECT a.nick FROM zones z RIGHT JOIN accounts a ON a.region = z.region"
                        + " WHERE z.region IS NULL")
                .add(BROADCAST_JOIN, NONE, "SELECT z.label, a.account_id FROM zones z, accounts a"
                        + " WHERE a.region = z.region AND a.balance > 0")
                .add(BROADCAST_JOIN, NONE, "SELECT account_id FROM accounts WHERE region IN"
                        + " (SELECT region FROM zones WHERE zone = 1)")
                .add(BROADCAST_JOIN, NONE, "SELECT a.account_id, (SELECT z.label FROM zones z WHERE z.region = a.region)"
                        + " FROM accounts a WHERE a.active");
    }

    private static void order(Corpus c) {
        c.add(ORDER, TOTAL, "SELECT * FROM accounts ORDER BY account_id")
                .add(ORDER, TOTAL, "SELECT account_id, balance FROM accounts ORDER BY balance, account_id")
                .add(ORDER, TOTAL, "SELECT account_id, balance FROM accounts ORDER BY balance DESC NULLS LAST, account_id DESC")
                .add(ORDER, TOTAL, "SELECT account_id, balance FROM accounts ORDER BY balance ASC NULLS FIRST, account_id")
                .add(ORDER, TOTAL, "SELECT account_id, tier, region FROM accounts ORDER BY tier DESC, region, account_id")
                .add(ORDER, TOTAL, "SELECT region, account_id FROM accounts ORDER BY 1 DESC, 2")
                .add(ORDER, TOTAL, "SELECT account_id AS id, score AS s FROM accounts ORDER BY s DESC NULLS FIRST, id")
                .add(ORDER, TOTAL, "SELECT account_id, balance FROM accounts ORDER BY abs(balance) DESC NULLS LAST, account_id")
                .add(ORDER, TOTAL, "SELECT account_id, balance * tier AS weighted FROM accounts"
                        + " ORDER BY balance * tier NULLS FIRST, account_id")
                .add(ORDER, TOTAL, "SELECT account_id, opened FROM accounts ORDER BY opened DESC NULLS LAST, account_id")
                .add(ORDER, TOTAL, "SELECT account_id, active FROM accounts ORDER BY active NULLS FIRST, account_id")
                .add(ORDER, TOTAL, "SELECT account_id, nick FROM accounts ORDER BY nick NULLS LAST, account_id")
                .add(ORDER, TOTAL, "SELECT account_id, nick FROM accounts ORDER BY lower(nick) DESC, nick, account_id")
                .add(ORDER, TOTAL, "SELECT * FROM events ORDER BY at, event_id")
                .add(ORDER, TOTAL, "SELECT event_id, amount FROM events ORDER BY amount DESC, event_id")
                .add(ORDER, TOTAL, "SELECT account_id FROM accounts ORDER BY tier, account_id")
                .add(ORDER, TOTAL, "SELECT account_id, tier, balance, opened FROM accounts"
                        + " ORDER BY tier NULLS FIRST, balance DESC, opened ASC NULLS LAST, account_id DESC")
                .add(ORDER, keys(1), "SELECT tier, region FROM accounts ORDER BY tier")
                .add(ORDER, keys(1), "SELECT region, balance FROM accounts ORDER BY region DESC NULLS FIRST")
                .add(ORDER, keys(1, 2), "SELECT kind, amount, event_id FROM events ORDER BY kind, amount DESC");
    }

    private static void limit(Corpus c) {
        c.add(LIMIT, TOTAL, "SELECT * FROM accounts ORDER BY account_id LIMIT 10")
                .add(LIMIT, TOTAL, "SELECT account_id, balance FROM accounts ORDER BY balance DESC NULLS LAST, account_id LIMIT 25")
                .add(LIMIT, TOTAL, "SELECT account_id, score FROM accounts ORDER BY score, account_id LIMIT 10 OFFSET 30")
                .add(LIMIT, TOTAL, "SELECT account_id FROM accounts ORDER BY account_id OFFSET 1990")
                .add(LIMIT, TOTAL, "SELECT account_id, nick FROM accounts ORDER BY account_id DESC"
                        + " OFFSET 5 ROWS FETCH FIRST 7 ROWS ONLY")
                .add(LIMIT, TOTAL, "SELECT account_id, opened FROM accounts ORDER BY opened, account_id FETCH FIRST 3 ROWS ONLY")
                .add(LIMIT, TOTAL, "SELECT * FROM events ORDER BY amount NULLS FIRST, event_id FETCH NEXT 1 ROW ONLY")
                .add(LIMIT, TOTAL, "SELECT * FROM accounts ORDER BY account_id LIMIT 0")
                .add(LIMIT, TOTAL, "SELECT account_id FROM accounts ORDER BY account_id LIMIT ALL")
                .add(LIMIT, TOTAL, "SELECT account_id FROM accounts ORDER BY account_id LIMIT 10 OFFSET 100000")
                .add(LIMIT, TOTAL, "SELECT account_id, tier FROM accounts ORDER BY tier, account_id LIMIT 5 OFFSET 400")
                .add(LIMIT, TOTAL, "SELECT event_id, amount FROM events ORDER BY amount, event_id LIMIT 50")
                .add(LIMIT, TOTAL, "SELECT account_id, nick FROM accounts ORDER BY nick NULLS FIRST, account_id LIMIT 30")
                .add(LIMIT, keys(1), "SELECT tier, account_id FROM accounts ORDER BY tier DESC FETCH FIRST 10 ROWS WITH TIES");
    }

    private static void aggregates(Corpus c) {
        c.add(AGG_SIMPLE, TOTAL, "SELECT count(*) FROM accounts")
                .add(AGG_SIMPLE, TOTAL, "SELECT count(*), count(nick), count(region), count(balance) FROM accounts")
                .add(AGG_SIMPLE, TOTAL, "SELECT sum(balance), min(balance), max(balance) FROM accounts")
                .add(AGG_SIMPLE, TOTAL, "SELECT sum(tier), min(tier), max(tier) FROM accounts")
                .add(AGG_SIMPLE, TOTAL, "SELECT sum(account_id) FROM accounts")
                .add(AGG_SIMPLE, TOTAL, "SELECT sum(score), min(score), max(score) FROM accounts")
                .add(AGG_SIMPLE, TOTAL, "SELECT min(opened), max(opened) FROM accounts")
                .add(AGG_SIMPLE, TOTAL, "SELECT min(nick), max(nick) FROM accounts")
                .add(AGG_SIMPLE, TOTAL, "SELECT bool_and(active), bool_or(active) FROM accounts")
                .add(AGG_SIMPLE, TOTAL, "SELECT bool_and(active), every(active) FROM accounts WHERE tier = 1 AND active")
                .add(AGG_SIMPLE, TOTAL, "SELECT count(*), sum(amount), min(amount), max(amount) FROM events")
                .add(AGG_SIMPLE, TOTAL, "SELECT count(*), sum(amount) FROM events WHERE amount < 0")
                .add(AGG_SIMPLE, TOTAL, "SELECT count(*), sum(balance), max(opened), bool_or(active) FROM accounts"
                        + " WHERE balance > 1000000")
                .add(AGG_SIMPLE, TOTAL, "SELECT count(*) AS n, max(balance) AS top FROM accounts")
                .add(AGG_SIMPLE, TOTAL, "SELECT max(balance) - min(balance) AS spread FROM accounts")
                .add(AGG_SIMPLE, TOTAL, "SELECT count(*) * 2 FROM accounts")
                .add(AGG_SIMPLE, TOTAL, "SELECT count(*) FROM events WHERE kind IS NULL")
                .add(AVG, TOTAL, "SELECT avg(balance) FROM accounts")
                .add(AVG, TOTAL, "SELECT avg(tier) FROM accounts")
                .add(AVG, TOTAL, "SELECT avg(score) FROM accounts")
                .add(AVG, TOTAL, "SELECT avg(amount), count(*) FROM events")
                .add(AVG, TOTAL, "SELECT avg(balance) FROM accounts WHERE balance > 1000000")
                .add(AVG, TOTAL, "SELECT avg(account_id) FROM accounts")
                .add(AVG, TOTAL, "SELECT avg(amount) FROM events WHERE kind = 'fee'")
                .add(AVG, TOTAL, "SELECT round(avg(balance), 2) AS mean FROM accounts")
                .add(AVG, TOTAL, "SELECT tier, avg(balance), avg(score) FROM accounts GROUP BY tier ORDER BY tier")
                .add(COUNT_DISTINCT, TOTAL, "SELECT count(DISTINCT region) FROM accounts")
                .add(COUNT_DISTINCT, TOTAL, "SELECT count(DISTINCT tier), count(DISTINCT nick) FROM accounts")
                .add(COUNT_DISTINCT, TOTAL, "SELECT count(DISTINCT account_id) FROM events")
                .add(COUNT_DISTINCT, TOTAL, "SELECT kind, count(DISTINCT account_id) FROM events GROUP BY kind ORDER BY kind")
                .add(COUNT_DISTINCT, TOTAL, "SELECT tier, count(DISTINCT region) FROM accounts GROUP BY tier ORDER BY tier")
                .add(COUNT_DISTINCT, TOTAL, "SELECT sum(DISTINCT tier), avg(DISTINCT tier) FROM accounts")
                .add(COUNT_DISTINCT, TOTAL, "SELECT count(DISTINCT balance) FROM accounts");
    }

    private static void groups(Corpus c) {
        c.add(GROUP, NONE, "SELECT tier, count(*) FROM accounts GROUP BY tier")
                .add(GROUP, TOTAL, "SELECT region, count(*), sum(balance) FROM accounts GROUP BY region ORDER BY region NULLS FIRST")
                .add(GROUP, TOTAL, "SELECT tier, region, count(*), min(score), max(score) FROM accounts"
                        + " GROUP BY tier, region ORDER BY tier, region")
                .add(GROUP, TOTAL, "SELECT active, count(*), bool_or(nick IS NULL) FROM accounts GROUP BY active"
                        + " ORDER BY active NULLS LAST")
                .add(GROUP, TOTAL, "SELECT kind, count(*), sum(amount), min(amount), max(amount) FROM events"
                        + " GROUP BY kind ORDER BY kind")
                .add(GROUP, TOTAL, "SELECT tier, count(*) FROM accounts GROUP BY tier ORDER BY count(*) DESC, tier")
                .add(GROUP, TOTAL, "SELECT tier, sum(balance) AS total FROM accounts GROUP BY tier"
                        + " ORDER BY total DESC NULLS LAST, tier")
                .add(GROUP, TOTAL, "SELECT tier, count(*) FROM accounts GROUP BY 1 ORDER BY 2, 1")
                .add(GROUP, TOTAL, "SELECT region, tier, count(*) FROM accounts GROUP BY region, tier"
                        + " ORDER BY count(*) DESC, region, tier LIMIT 5")
                .add(GROUP, TOTAL, "SELECT account_id, count(*), sum(amount) FROM events GROUP BY account_id"
                        + " ORDER BY sum(amount) DESC NULLS LAST, account_id LIMIT 10")
                .add(GROUP, NONE, "SELECT account_id, count(*) FROM events GROUP BY account_id")
                .add(GROUP, TOTAL, "SELECT date_trunc('month', at) AS m, count(*) FROM events GROUP BY m ORDER BY m")
                .add(GROUP, TOTAL, "SELECT tier % 2 AS parity, count(*) FROM accounts GROUP BY tier % 2 ORDER BY 1 NULLS FIRST")
                .add(GROUP, NONE, "SELECT region FROM accounts GROUP BY region")
                .add(GROUP, TOTAL, "SELECT tier, max(opened), min(nick) FROM accounts GROUP BY tier ORDER BY tier")
                .add(HAVING, TOTAL, "SELECT tier, count(*) FROM accounts GROUP BY tier HAVING count(*) > 380 ORDER BY tier")
                .add(HAVING, TOTAL, "SELECT region, sum(balance) FROM accounts GROUP BY region HAVING sum(balance) > 0"
                        + " ORDER BY region")
                .add(HAVING, TOTAL, "SELECT kind, count(*) FROM events GROUP BY kind HAVING min(amount) < 0 ORDER BY kind")
                .add(HAVING, TOTAL, "SELECT account_id, count(*) FROM events GROUP BY account_id HAVING count(*) >= 8"
                        + " ORDER BY account_id")
                .add(HAVING, TOTAL, "SELECT tier, region, count(*) FROM accounts GROUP BY tier, region"
                        + " HAVING count(*) BETWEEN 80 AND 110 ORDER BY 1, 2")
                .add(HAVING, TOTAL, "SELECT region FROM accounts GROUP BY region HAVING avg(balance) > 20000 ORDER BY region")
                .add(HAVING, NONE, "SELECT tier FROM accounts GROUP BY tier HAVING bool_or(active)")
                .add(HAVING, NONE, "SELECT tier, count(*) FROM accounts GROUP BY tier HAVING count(*) > 100000");
    }

    /** HAVING after the merge: aggregates outside the select list, NULLs, AND/OR/NOT, arithmetic, parameters. */
    private static void having(Corpus c) {
        c.add(HAVING, TOTAL, "SELECT tier, count(*) FROM accounts GROUP BY tier HAVING count(*) > 380 AND sum(balance) > 0"
                        + " ORDER BY tier")
                .add(HAVING, TOTAL, "SELECT region, tier, count(*) FROM accounts GROUP BY region, tier"
                        + " HAVING NOT (count(*) < 90) OR max(score) IS NULL"
                        + " ORDER BY count(*) DESC, region NULLS FIRST, tier NULLS FIRST LIMIT 6")
                .add(HAVING, TOTAL, "SELECT kind FROM events GROUP BY kind HAVING sum(amount) < 0 OR sum(amount) IS NULL"
                        + " ORDER BY kind NULLS FIRST")
                .add(HAVING, TOTAL, "SELECT account_id, sum(amount) FROM events GROUP BY account_id"
                        + " HAVING count(*) BETWEEN 3 AND 5 AND min(amount) < 0"
                        + " ORDER BY sum(amount) DESC NULLS LAST, account_id LIMIT 10")
                .add(HAVING, TOTAL, "SELECT tier, min(nick) FROM accounts GROUP BY tier HAVING min(nick) <> 'zzz'"
                        + " ORDER BY tier NULLS FIRST")
                .add(HAVING, TOTAL, "SELECT tier, count(*) FROM accounts GROUP BY tier HAVING NOT (min(nick) > 'M')"
                        + " ORDER BY tier NULLS LAST")
                .add(HAVING, TOTAL, "SELECT region, count(*) FROM accounts GROUP BY region"
                        + " HAVING (region IN ('east', 'west')) OR region IS NULL ORDER BY 1 NULLS FIRST")
                .add(HAVING, TOTAL, "SELECT region, count(*) FROM accounts GROUP BY region"
                        + " HAVING region NOT IN ('east', 'nowhere') ORDER BY 1")
                .add(HAVING, TOTAL, "SELECT tier, avg(balance) FROM accounts GROUP BY tier"
                        + " HAVING avg(balance) > 0 AND tier IS NOT NULL ORDER BY avg(balance) DESC, tier")
                .add(HAVING, TOTAL, "SELECT tier, count(*), count(nick) FROM accounts GROUP BY tier"
                        + " HAVING count(nick) * 100 / count(*) >= 80 ORDER BY tier NULLS FIRST")
                .add(HAVING, TOTAL, "SELECT kind, sum(amount) FROM events GROUP BY kind"
                        + " HAVING sum(amount) / count(*) > 1.5 OR -sum(amount) > 100 ORDER BY kind NULLS FIRST")
                .add(HAVING, TOTAL, "SELECT tier FROM accounts GROUP BY tier HAVING NOT bool_and(active) ORDER BY tier")
                .add(HAVING, TOTAL, "SELECT tier, count(*) FROM accounts GROUP BY tier HAVING bool_or(active) = false"
                        + " OR count(*) >= '390' ORDER BY tier NULLS LAST")
                .add(HAVING, TOTAL, "SELECT date_trunc('year', opened) AS y, count(*) FROM accounts"
                        + " GROUP BY date_trunc('year', opened) HAVING max(balance) - min(balance) > 1000"
                        + " AND avg(score) IS NOT NULL ORDER BY y NULLS FIRST")
                .add(HAVING, TOTAL, "SELECT count(*), sum(balance) FROM accounts HAVING count(*) > 10")
                .add(HAVING, TOTAL, "SELECT count(*) FROM events HAVING sum(amount) > 1000000000")
                .add(HAVING, TOTAL, "SELECT tier, count(*) FROM accounts GROUP BY tier HAVING count(*) > ? ORDER BY tier", 380)
                .add(HAVING, TOTAL, "SELECT kind, sum(amount) FROM events WHERE amount > ? GROUP BY kind"
                        + " HAVING sum(amount) BETWEEN ? AND ? ORDER BY kind NULLS LAST",
                        new BigDecimal("-100"), new BigDecimal("0"), new BigDecimal("100000000"))
                .add(HAVING, TOTAL, "SELECT region, count(*) FROM accounts GROUP BY region HAVING region <> ?"
                        + " AND max(opened) > ? ORDER BY region NULLS FIRST", "east",
                        OffsetDateTime.of(2022, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC))
                .add(HAVING, TOTAL, "SELECT tier, count(*) FROM accounts GROUP BY tier HAVING (count(*) IN (?, ?, 400))"
                        + " OR min(score) < ? ORDER BY 1 NULLS FIRST", 1, 2, -1000.5)
                .add(HAVING, NONE, "SELECT v, count(*) FROM solo GROUP BY v HAVING count(*) > 1 AND v IS NOT NULL")
                .add(HAVING, NONE, "SELECT v, count(*) FROM nothing GROUP BY v HAVING count(*) > 0 OR v IS NULL")
                .add(HAVING, TOTAL, "SELECT count(*), max(v) FROM nothing HAVING count(*) = 0");
    }

    /** Exact DISTINCT aggregates: the shards group by the argument too, the merge counts each value once. */
    private static void countDistinct(Corpus c) {
        c.add(COUNT_DISTINCT, TOTAL, "SELECT region, count(DISTINCT tier), count(*), avg(balance) FROM accounts"
                        + " GROUP BY region ORDER BY region NULLS FIRST")
                .add(COUNT_DISTINCT, TOTAL, "SELECT count(DISTINCT nick), count(nick), count(*), min(nick) FROM accounts")
                .add(COUNT_DISTINCT, TOTAL, "SELECT count(DISTINCT kind), sum(amount) FROM events WHERE amount < -100000000")
                .add(COUNT_DISTINCT, TOTAL, "SELECT count(DISTINCT v), sum(DISTINCT v), avg(DISTINCT v), count(*) FROM nothing")
                .add(COUNT_DISTINCT, TOTAL, "SELECT tier, count(DISTINCT region) AS regions FROM accounts GROUP BY tier"
                        + " ORDER BY regions DESC, tier NULLS FIRST LIMIT 3")
                .add(COUNT_DISTINCT, TOTAL, "SELECT sum(DISTINCT balance), avg(DISTINCT balance), count(DISTINCT balance)"
                        + " FROM accounts")
                .add(COUNT_DISTINCT, TOTAL, "SELECT kind, count(DISTINCT account_id), count(DISTINCT date_trunc('month', at))"
                        + " FROM events GROUP BY kind ORDER BY kind NULLS FIRST")
                .add(COUNT_DISTINCT, TOTAL, "SELECT count(DISTINCT account_id) FROM events HAVING count(DISTINCT account_id) > 10")
                .add(COUNT_DISTINCT, TOTAL, "SELECT tier, count(*) FROM accounts GROUP BY tier"
                        + " HAVING count(DISTINCT region) = 4 ORDER BY tier NULLS FIRST")
                .add(COUNT_DISTINCT, TOTAL, "SELECT active, sum(DISTINCT tier), avg(DISTINCT tier), max(DISTINCT tier)"
                        + " FROM accounts GROUP BY active ORDER BY active NULLS FIRST")
                .add(COUNT_DISTINCT, TOTAL, "SELECT account_id, count(DISTINCT kind) FROM events GROUP BY account_id"
                        + " ORDER BY count(DISTINCT kind) DESC, account_id LIMIT 5")
                .add(COUNT_DISTINCT, TOTAL, "SELECT count(DISTINCT region) FROM accounts WHERE tier = ?", 2);
    }

    private static void distinct(Corpus c) {
        c.add(DISTINCT, NONE, "SELECT DISTINCT region FROM accounts")
                .add(DISTINCT, TOTAL, "SELECT DISTINCT tier, active FROM accounts ORDER BY tier NULLS FIRST, active NULLS FIRST")
                .add(DISTINCT, TOTAL, "SELECT DISTINCT kind FROM events ORDER BY kind NULLS LAST")
                .add(DISTINCT, TOTAL, "SELECT DISTINCT nick FROM accounts ORDER BY nick LIMIT 10")
                .add(DISTINCT, TOTAL, "SELECT DISTINCT tier FROM accounts ORDER BY tier DESC LIMIT 2 OFFSET 1")
                .add(DISTINCT, NONE, "SELECT DISTINCT account_id FROM events")
                .add(DISTINCT, NONE, "SELECT DISTINCT region, tier FROM accounts WHERE balance < 0")
                .add(DISTINCT, TOTAL, "SELECT DISTINCT date_trunc('year', opened) AS y FROM accounts ORDER BY 1 NULLS FIRST");
    }

    private static void oneShardAndEmpty(Corpus c) {
        c.add(ONE_SHARD, NONE, "SELECT * FROM solo")
                .add(ONE_SHARD, TOTAL, "SELECT * FROM solo ORDER BY v NULLS FIRST, id")
                .add(ONE_SHARD, TOTAL, "SELECT count(*), sum(v), min(v), max(v), avg(v) FROM solo")
                .add(ONE_SHARD, TOTAL, "SELECT v, count(*) FROM solo GROUP BY v ORDER BY v")
                .add(ONE_SHARD, TOTAL, "SELECT * FROM solo ORDER BY id DESC LIMIT 5 OFFSET 2")
                .add(ONE_SHARD, TOTAL, "SELECT DISTINCT v FROM solo ORDER BY v NULLS LAST")
                .add(ONE_SHARD, TOTAL, "SELECT count(DISTINCT v) FROM solo")
                .add(ONE_SHARD, TOTAL, "SELECT v, count(*) FROM solo GROUP BY v HAVING count(*) > 15 ORDER BY v")
                .add(EMPTY, NONE, "SELECT * FROM nothing")
                .add(EMPTY, TOTAL, "SELECT * FROM nothing ORDER BY id LIMIT 3")
                .add(EMPTY, TOTAL, "SELECT count(*), count(v), sum(v), min(v), max(v), avg(v), bool_and(v > 0) FROM nothing")
                .add(EMPTY, NONE, "SELECT v, count(*) FROM nothing GROUP BY v")
                .add(EMPTY, NONE, "SELECT DISTINCT v FROM nothing")
                .add(EMPTY, TOTAL, "SELECT count(DISTINCT v) FROM nothing")
                .add(EMPTY, NONE, "SELECT v, count(*) FROM nothing GROUP BY v HAVING count(*) > 0");
    }

    private static void prepared(Corpus c) {
        c.add(PREPARED, TOTAL, "SELECT account_id, balance FROM accounts WHERE tier = ?"
                        + " ORDER BY balance NULLS LAST, account_id", 3)
                .add(PREPARED, TOTAL, "SELECT * FROM accounts ORDER BY account_id LIMIT ?", 15)
                .add(PREPARED, TOTAL, "SELECT * FROM accounts WHERE region = ? ORDER BY opened NULLS FIRST, account_id"
                        + " LIMIT ? OFFSET ?", "east", 10, 20)
                .add(PREPARED, TOTAL, "SELECT count(*), sum(balance) FROM accounts WHERE tier = ?", 2)
                .add(PREPARED, TOTAL, "SELECT kind, count(*) FROM events WHERE amount < ? GROUP BY kind ORDER BY kind",
                        new BigDecimal("0.00"))
                .add(PREPARED, TOTAL, "SELECT tier, count(*) FROM accounts WHERE active = ? GROUP BY tier ORDER BY tier", true)
                .add(PREPARED, NONE, "SELECT account_id FROM accounts WHERE opened >= ?",
                        OffsetDateTime.of(2022, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC))
                .add(PREPARED, TOTAL, "SELECT event_id, amount FROM events WHERE kind = ? ORDER BY amount DESC, event_id"
                        + " FETCH FIRST ? ROWS ONLY", "refund", 12);
    }

    /** The comparison exercised today: key-bound statements already run on one shard. */
    private static void single(Corpus c, OracleData data) {
        long busy = data.events.get(0).accountId();
        long negative = data.accounts.get(0).id();
        long soloId = data.solo.get(data.solo.size() / 2).id();
        c.add(SINGLE, TOTAL, "SELECT * FROM accounts WHERE account_id = " + negative)
                .add(SINGLE, TOTAL, "SELECT array_agg(event_id ORDER BY event_id) AS ids, bool_or(amount < 0) FROM events"
                        + " WHERE account_id = " + busy)
                .add(SINGLE, TOTAL, "SELECT * FROM solo WHERE id = " + soloId)
                .add(SINGLE, TOTAL, "SELECT count(*), max(v), avg(v) FROM nothing WHERE id = 3")
                .add(SINGLE, TOTAL, "SELECT * FROM events WHERE account_id = ? ORDER BY at NULLS FIRST, event_id", busy);
    }

    private static void mustRefuse(Corpus c) {
        c.add(MUST_REFUSE, TOTAL, "SELECT account_id, row_number() OVER (ORDER BY balance DESC NULLS LAST, account_id)"
                        + " FROM accounts ORDER BY account_id")
                .add(MUST_REFUSE, NONE, "SELECT account_id, rank() OVER (PARTITION BY region ORDER BY balance) FROM accounts")
                .add(MUST_REFUSE, NONE, "SELECT account_id, sum(balance) OVER () FROM accounts")
                .add(MUST_REFUSE, TOTAL, "SELECT tier, count(*), sum(count(*)) OVER () FROM accounts GROUP BY tier ORDER BY tier")
                .add(MUST_REFUSE, NONE, "SELECT a.account_id, e.event_id FROM accounts a JOIN events e ON e.event_id % 1000 = a.tier")
                .add(MUST_REFUSE, NONE, "SELECT a.account_id, e.event_id FROM accounts a JOIN events e ON e.amount = a.balance")
                .add(MUST_REFUSE, NONE, "SELECT a.account_id, s.id FROM accounts a JOIN solo s ON s.v = a.tier")
                .add(MUST_REFUSE, NONE, "SELECT account_id FROM accounts WHERE balance > (SELECT avg(amount) FROM events)")
                .add(MUST_REFUSE, NONE, "SELECT account_id FROM accounts WHERE tier IN (SELECT v FROM solo)")
                .add(MUST_REFUSE, NONE, "SELECT tier FROM accounts GROUP BY tier HAVING string_agg(nick, ',') IS NULL")
                .add(MUST_REFUSE, NONE, "SELECT tier FROM accounts GROUP BY tier HAVING count(*) > (SELECT count(*) FROM solo)")
                .add(MUST_REFUSE, NONE, "SELECT account_id FROM accounts a WHERE EXISTS"
                        + " (SELECT 1 FROM events e WHERE e.event_id % 1000 = a.tier)")
                .add(MUST_REFUSE, NONE, "SELECT z.region, a.account_id FROM zones z LEFT JOIN accounts a"
                        + " ON a.region = z.region")
                .add(MUST_REFUSE, NONE, "SELECT z.label FROM zones z WHERE EXISTS"
                        + " (SELECT 1 FROM accounts a WHERE a.region = z.region)")
                .add(MUST_REFUSE, TOTAL, "SELECT z.label, (SELECT count(*) FROM accounts a WHERE a.region = z.region)"
                        + " FROM zones z ORDER BY z.label")
                .add(MUST_REFUSE, NONE, "SELECT * FROM zones z FULL JOIN accounts a ON a.region = z.region")
                .add(MUST_REFUSE, NONE, "SELECT (SELECT max(balance) FROM accounts)");
    }
}
