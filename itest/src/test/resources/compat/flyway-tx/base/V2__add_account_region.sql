-- a new column on the sharded table and a (plain, transactional) index on it, on every shard
ALTER TABLE ft_accounts ADD COLUMN region text NOT NULL DEFAULT 'eu';

CREATE INDEX ft_accounts_region_idx ON ft_accounts (region);
