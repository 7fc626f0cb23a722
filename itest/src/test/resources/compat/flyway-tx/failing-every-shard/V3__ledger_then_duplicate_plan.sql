-- everything here succeeds on every shard until the last statement, a broadcast INSERT of a plan V1 already
-- inserted: it fails on every shard. The whole migration must be rolled back on every shard.
CREATE TABLE ft_ledger (
    tenant_id bigint NOT NULL,
    entry_id bigint NOT NULL,
    amount bigint NOT NULL,
    PRIMARY KEY (tenant_id, entry_id)
);

ALTER TABLE ft_accounts ADD COLUMN closed_at timestamptz;

INSERT INTO ft_plans (code, monthly_fee) VALUES ('enterprise', 499.00);

INSERT INTO ft_accounts (tenant_id, name, plan, balance) VALUES ${ft_opening_rows};

INSERT INTO ft_plans (code, monthly_fee) VALUES ('pro', 19.00);
