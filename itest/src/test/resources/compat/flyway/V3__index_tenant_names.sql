-- cannot run inside a transaction block at all
CREATE INDEX CONCURRENTLY fw_tenants_name_idx ON fw_tenants (name);
