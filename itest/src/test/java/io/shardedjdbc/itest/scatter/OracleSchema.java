package io.shardedjdbc.itest.scatter;

import java.util.List;

/** The oracle's tables: created through the driver on the sharded fleet and directly on the reference server. */
final class OracleSchema {
    private OracleSchema() {
    }

    /**
     * Tables sharded in the keyspace {@code default} (accounts and events co-located by account_id), and zones, a
     * broadcast table: a copy on every shard, which has a region no account has and lacks one that accounts have.
     */
    static final String TOPOLOGY_YAML = """
            scatter: allow
            tables:
              accounts: { key: account_id }
              events:   { key: account_id }
              solo:     { key: id }
              nothing:  { key: id }
              zones:    { broadcast: true }
            """;

    static final List<String> DDL = List.of(
            "CREATE TABLE accounts (account_id bigint PRIMARY KEY, region text, tier int, balance numeric(12,2),"
                    + " score double precision, opened timestamptz, active boolean, nick text)",
            "CREATE TABLE events (account_id bigint NOT NULL, event_id bigint NOT NULL, kind text,"
                    + " amount numeric(10,2), at timestamptz, PRIMARY KEY (account_id, event_id))",
            "CREATE TABLE solo (id bigint PRIMARY KEY, v int)",
            "CREATE TABLE nothing (id bigint PRIMARY KEY, v int)",
            "CREATE TABLE zones (region text PRIMARY KEY, label text NOT NULL, zone int NOT NULL)",
            "INSERT INTO zones (region, label, zone) VALUES ('east', 'East', 1), ('north', 'North', 1),"
                    + " ('south', 'South', 2), ('central', 'Central', 3)");

    static final String INSERT_ACCOUNT = "INSERT INTO accounts (account_id, region, tier, balance, score, opened, active,"
            + " nick) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_EVENT = "INSERT INTO events (account_id, event_id, kind, amount, at) VALUES (?, ?, ?, ?, ?)";
    static final String INSERT_SOLO = "INSERT INTO solo (id, v) VALUES (?, ?)";

    static final List<String> REGIONS = List.of("east", "north", "south", "west");
    static final List<String> KINDS = List.of("deposit", "fee", "refund", "transfer", "withdrawal");
}
