-- a broadcast table with its rows (every shard) and a sharded table that references it (DDL on every shard), in one
-- transaction: the rows and both tables commit on every shard or on none
CREATE TABLE ft_plans (
    code text PRIMARY KEY,
    monthly_fee numeric(8, 2) NOT NULL
);

CREATE TABLE ft_accounts (
    tenant_id bigint PRIMARY KEY,
    name text NOT NULL,
    plan text NOT NULL REFERENCES ft_plans (code),
    balance bigint NOT NULL DEFAULT 0
);

INSERT INTO ft_plans (code, monthly_fee) VALUES ('free', 0), ('pro', 29.00), ('team', 99.00);
