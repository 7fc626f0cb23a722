-- broadcast rows go to every shard; each tenant row to its key's shard
INSERT INTO fw_plans (code, monthly_fee) VALUES ('free', 0), ('pro', 29.00);

INSERT INTO fw_tenants (tenant_id, name, plan) VALUES
    (1, 'tenant 1', 'free'),
    (2, 'tenant 2', 'pro'),
    (3, 'tenant 3', 'free'),
    (4, 'tenant 4', 'pro'),
    (5, 'tenant 5', 'free'),
    (6, 'tenant 6', 'pro'),
    (7, 'tenant 7', 'free'),
    (8, 'tenant 8', 'pro');
