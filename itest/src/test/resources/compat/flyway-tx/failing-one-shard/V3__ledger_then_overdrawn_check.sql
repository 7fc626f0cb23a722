-- everything here succeeds on every shard until the last statement, which fails on ONE shard only: the test places
-- the overdrawn account (placeholder ft_opening_rows, one account per shard) on a shard it chooses. The whole
-- migration must then be rolled back on every shard, the ones where the ALTER succeeded too.
CREATE TABLE ft_ledger (
    tenant_id bigint NOT NULL,
    entry_id bigint NOT NULL,
    amount bigint NOT NULL,
    PRIMARY KEY (tenant_id, entry_id)
);

ALTER TABLE ft_accounts ADD COLUMN closed_at timestamptz;

INSERT INTO ft_plans (code, monthly_fee) VALUES ('enterprise', 499.00);

INSERT INTO ft_accounts (tenant_id, name, plan, balance) VALUES ${ft_opening_rows};

ALTER TABLE ft_accounts ADD CONSTRAINT ft_accounts_balance_check CHECK (balance >= 0);
