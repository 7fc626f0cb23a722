package io.shardedjdbc.itest.scatter;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The oracle's rows, generated from one seed: many ties (tier 1..5, four regions, repeated balances, scores and
 * times), NULLs in every nullable column, negative and zero amounts, negative keys, mixed-case and accented text.
 */
final class OracleData {
    static final int ACCOUNTS = 2_000;
    static final int EVENTS = 6_000;
    static final int SOLO_ROWS = 300;
    private static final OffsetDateTime EPOCH = OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final List<String> NICKS = List.of("alice", "Alice", "bob", "Bob", "carol", "dave", "Émile", "emile",
            "zoë", "Zoe", "_x", "a b", "mallory", "trent", "victor", "Walter", "yvonne", "ÅSA", "omar", "Ödön");

    record Account(long id, String region, Integer tier, BigDecimal balance, Double score, OffsetDateTime opened,
                   Boolean active, String nick) {
    }

    record Event(long accountId, long eventId, String kind, BigDecimal amount, OffsetDateTime at) {
    }

    record Solo(long id, Integer v) {
    }

    final List<Account> accounts;
    final List<Event> events;
    final List<Solo> solo;

    private OracleData(List<Account> accounts, List<Event> events, List<Solo> solo) {
        this.accounts = List.copyOf(accounts);
        this.events = List.copyOf(events);
        this.solo = List.copyOf(solo);
    }

    /** @param onSoloShard true for the solo ids that live on the one shard chosen for the table solo */
    static OracleData generate(Random rnd, LongPredicate onSoloShard) {
        Set<Long> ids = new LinkedHashSet<>();
        while (ids.size() < 25) {
            ids.add(-1L - rnd.nextInt(1_000_000));
        }
        while (ids.size() < ACCOUNTS) {
            ids.add(1L + rnd.nextInt(10_000_000));
        }
        List<Account> accounts = new ArrayList<>(ACCOUNTS);
        for (long id : ids) {
            accounts.add(new Account(id,
                    maybe(rnd, 0.03, OracleSchema.REGIONS.get(rnd.nextInt(OracleSchema.REGIONS.size()))),
                    maybe(rnd, 0.03, 1 + rnd.nextInt(5)),
                    maybe(rnd, 0.03, money(rnd, -5_000_00, 50_000_00)),
                    maybe(rnd, 0.05, score(rnd)),
                    maybe(rnd, 0.03, time(rnd)),
                    maybe(rnd, 0.05, rnd.nextBoolean()),
                    maybe(rnd, 0.3, NICKS.get(rnd.nextInt(NICKS.size())))));
        }
        List<Event> events = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            // most events belong to a few hundred busy accounts, so some accounts have none
            int owner = rnd.nextInt(4) == 0 ? rnd.nextInt(ACCOUNTS) : rnd.nextInt(ACCOUNTS / 5);
            events.add(new Event(accounts.get(owner).id(), 1_000_000L + i * 7L + rnd.nextInt(7),
                    maybe(rnd, 0.02, OracleSchema.KINDS.get(rnd.nextInt(OracleSchema.KINDS.size()))),
                    maybe(rnd, 0.02, money(rnd, -2_000_00, 2_000_00)),
                    maybe(rnd, 0.02, time(rnd))));
        }
        List<Solo> solo = new ArrayList<>(SOLO_ROWS);
        for (long id = 1; solo.size() < SOLO_ROWS; id++) {
            if (onSoloShard.test(id)) {
                solo.add(new Solo(id, maybe(rnd, 0.1, rnd.nextInt(20) - 5)));
            }
        }
        return new OracleData(accounts, events, solo);
    }

    private static <T> T maybe(Random rnd, double nullShare, T value) {
        return rnd.nextDouble() < nullShare ? null : value;
    }

    /** Cents; one in ten is zero and one in five comes from a small set of round values, for ties. */
    private static BigDecimal money(Random rnd, int minCents, int maxCents) {
        int pick = rnd.nextInt(10);
        if (pick == 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        if (pick <= 2) {
            return BigDecimal.valueOf((rnd.nextInt(11) - 3) * 100_00L, 2);
        }
        return BigDecimal.valueOf(minCents + (long) rnd.nextInt(maxCents - minCents), 2);
    }

    /** Multiples of 1/8 below 2^14: sums of thousands of them are exact doubles in any order. */
    private static double score(Random rnd) {
        return rnd.nextInt(5) == 0 ? (rnd.nextInt(9) - 4) * 2.5 : (rnd.nextInt(160_001) - 80_000) / 8.0;
    }

    /** Whole hours (ties) or times with microseconds, over three years. */
    private static OffsetDateTime time(Random rnd) {
        if (rnd.nextInt(4) == 0) {
            return EPOCH.plusHours(rnd.nextInt(200));
        }
        return EPOCH.plusSeconds(rnd.nextInt(3 * 365 * 86_400)).plusNanos(rnd.nextInt(1_000_000) * 1_000L);
    }

    /** The same rows stored in the opposite order: a query whose answer depends on storage order shows it. */
    OracleData reversed() {
        return new OracleData(reverse(accounts), reverse(events), reverse(solo));
    }

    private static <T> List<T> reverse(List<T> rows) {
        List<T> copy = new ArrayList<>(rows);
        java.util.Collections.reverse(copy);
        return copy;
    }

    /** Inserts every row with one executeBatch per table, in auto-commit mode. */
    void insertInto(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(OracleSchema.INSERT_ACCOUNT)) {
            for (Account a : accounts) {
                ps.setLong(1, a.id());
                setOrNull(ps, 2, a.region(), Types.VARCHAR);
                setOrNull(ps, 3, a.tier(), Types.INTEGER);
                setOrNull(ps, 4, a.balance(), Types.NUMERIC);
                setOrNull(ps, 5, a.score(), Types.DOUBLE);
                setOrNull(ps, 6, a.opened(), Types.TIMESTAMP_WITH_TIMEZONE);
                setOrNull(ps, 7, a.active(), Types.BOOLEAN);
                setOrNull(ps, 8, a.nick(), Types.VARCHAR);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(OracleSchema.INSERT_EVENT)) {
            for (Event e : events) {
                ps.setLong(1, e.accountId());
                ps.setLong(2, e.eventId());
                setOrNull(ps, 3, e.kind(), Types.VARCHAR);
                setOrNull(ps, 4, e.amount(), Types.NUMERIC);
                setOrNull(ps, 5, e.at(), Types.TIMESTAMP_WITH_TIMEZONE);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(OracleSchema.INSERT_SOLO)) {
            for (Solo s : solo) {
                ps.setLong(1, s.id());
                setOrNull(ps, 2, s.v(), Types.INTEGER);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void setOrNull(PreparedStatement ps, int index, Object value, int sqlType) throws SQLException {
        if (value == null) {
            ps.setNull(index, sqlType);
        } else {
            ps.setObject(index, value);
        }
    }
}
