-- a broadcast table and a sharded table that references it: DDL on listed tables runs on every shard
CREATE TABLE fw_plans (
    code text PRIMARY KEY,
    monthly_fee numeric(8, 2) NOT NULL
);

CREATE TABLE fw_tenants (
    tenant_id bigint PRIMARY KEY,
    name text NOT NULL,
    plan text NOT NULL REFERENCES fw_plans (code)
);
