-- Golden vectors of the placement contract, computed by PostgreSQL itself (UTF-8 database).
-- Regenerate from this directory with:  psql -X -q -v ON_ERROR_STOP=1 -f golden.sql <connection options>
-- Each shard choice below is computed in SQL only, straight from the contract's wording, so the Java side
-- is checked against an independent implementation.

-- 1. key hashes -----------------------------------------------------------------------------------------

CREATE TEMP TABLE int8_key(k bigint);
INSERT INTO int8_key
SELECT unnest(ARRAY[0, 1, -1, 2, -2, 42, -42, 7,
                    9223372036854775807, -9223372036854775808, 9223372036854775806, -9223372036854775807,
                    2147483647, -2147483648, 2147483648, -2147483649, 4294967295, 4294967296, -4294967296,
                    4294967297, 65535, 65536, -65536, 1099511627776, -1099511627776]::bigint[])
UNION SELECT generate_series(-300, 300)
UNION SELECT ('x' || substr(md5('int8-' || i), 1, 16))::bit(64)::bigint FROM generate_series(1, 200) i;

\copy (SELECT k, hashint8extended(k, 0) FROM int8_key ORDER BY k) TO 'hash-int8.csv' CSV HEADER

CREATE TEMP TABLE text_key(t text);
INSERT INTO text_key
SELECT substr('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL', 1, n) FROM generate_series(0, 48) n
UNION SELECT unnest(ARRAY['a', 'A', ' ', '0', '42', '-1', 'é', '日本語', '😀', 'naïve café', 'Ünïcödé ✓',
                          's0#0', 's1#4095', 'user:12345', 'ключ', 'مفتاح', '👩‍👩‍👧‍👦', 'a😀b', '€', '߿', 'ࠀ', '￿', '𐀀', '􏿿'])
UNION SELECT repeat('é', n) FROM generate_series(1, 14) n
UNION SELECT repeat('日', n) FROM generate_series(1, 11) n
UNION SELECT repeat('😀', n) FROM generate_series(1, 9) n
UNION SELECT 'x' || repeat('😀', n) FROM generate_series(1, 9) n
UNION SELECT 'xy' || repeat('日', n) FROM generate_series(1, 9) n
UNION SELECT md5('text-' || i) || repeat('ä', i % 5) FROM generate_series(1, 100) i
UNION SELECT repeat(md5('long'), 10);

\copy (SELECT encode(convert_to(t, 'UTF8'), 'hex') AS utf8_hex, hashtextextended(t, 0) FROM text_key ORDER BY 1) TO 'hash-text.csv' CSV HEADER

CREATE TEMP TABLE uuid_key(u uuid);
INSERT INTO uuid_key
SELECT unnest(ARRAY['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
                    '00000000-0000-0000-0000-000000000001', '80000000-0000-0000-0000-000000000000',
                    '123e4567-e89b-12d3-a456-426614174000']::uuid[])
UNION SELECT md5('uuid-' || i)::uuid FROM generate_series(1, 200) i;

\copy (SELECT u, uuid_hash_extended(u, 0) FROM uuid_key ORDER BY u) TO 'hash-uuid.csv' CSV HEADER

-- the seed is always 0 in placement; a few seeded values pin the seed path of the port as well
CREATE TEMP TABLE seed_value(seed bigint);
INSERT INTO seed_value VALUES (1), (-1), (42), (4294967296), (-9223372036854775808), (9223372036854775807);

\copy (SELECT 'bigint' AS key_type, k::text AS key, s.seed, hashint8extended(k, s.seed) AS hash FROM int8_key, seed_value s WHERE k BETWEEN -3 AND 3 OR k IN (-9223372036854775808, 9223372036854775807) UNION ALL SELECT 'text', encode(convert_to(t, 'UTF8'), 'hex'), s.seed, hashtextextended(t, s.seed) FROM text_key, seed_value s WHERE length(t) <= 14 UNION ALL SELECT 'uuid', u::text, s.seed, uuid_hash_extended(u, s.seed) FROM uuid_key, seed_value s WHERE u::text < '1' ORDER BY 1, 2, 3) TO 'hash-seeded.csv' CSV HEADER

-- 2. shard choices ----------------------------------------------------------------------------------------

-- one row per test case: shard names in file order, algorithm, virtual nodes (ring only)
CREATE TEMP TABLE placement_case(case_name text PRIMARY KEY, names text[], algorithm text, vnodes int);
INSERT INTO placement_case VALUES
  ('ring4',     ARRAY['s0', 's1', 's2', 's3'],      'ring',   4096),
  ('ring3',     ARRAY['beta', 'alpha', 'Gamma'],    'ring',   4096),
  ('ringwrap3', ARRAY['s0', 's1', 's2'],            'ring',   4),
  ('jump4',     ARRAY['s0', 's1', 's2', 's3'],      'jump',   NULL),
  ('jump3',     ARRAY['beta', 'alpha', 'Gamma'],    'jump',   NULL),
  ('jump5',     ARRAY['s0', 's1', 's2', 's3', 's4'], 'jump',  NULL),
  ('modulo4',   ARRAY['s0', 's1', 's2', 's3'],      'modulo', NULL),
  ('modulo3',   ARRAY['beta', 'alpha', 'Gamma'],    'modulo', NULL);

-- ring: shard n owns hashtextextended(n || '#' || i, 0); an equal point belongs to the name first in byte order
CREATE TEMP TABLE ring_point AS
SELECT DISTINCT ON (c.case_name, hashtextextended(n || '#' || i, 0))
       c.case_name, hashtextextended(n || '#' || i, 0) AS p, n AS name
FROM placement_case c, unnest(c.names) n, generate_series(0, c.vnodes - 1) i
WHERE c.algorithm = 'ring'
ORDER BY c.case_name, hashtextextended(n || '#' || i, 0), n COLLATE "C";
CREATE INDEX ON ring_point (case_name, p);
ANALYZE ring_point;

-- Lamping & Veach jump consistent hash of an unsigned 64-bit key, in exact numeric arithmetic
CREATE FUNCTION pg_temp.jump(h bigint, buckets int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  k numeric := CASE WHEN h < 0 THEN h::numeric + 18446744073709551616 ELSE h::numeric END;
  b bigint := -1;
  j bigint := 0;
BEGIN
  WHILE j < buckets LOOP
    b := j;
    k := mod(k * 2862933555777941757 + 1, 18446744073709551616);
    j := floor((b + 1)::float8 * (2147483648::float8 / (div(k, 8589934592) + 1)::float8))::bigint;
  END LOOP;
  RETURN b;
END $$;

-- keys of each type with their hash; k is the bigint value (modulo of bigint keys uses the key itself)
CREATE TEMP TABLE typed_key(key_type text, key text, h bigint, k bigint);
INSERT INTO typed_key
SELECT 'bigint', k::text, hashint8extended(k, 0), k FROM int8_key
UNION ALL
SELECT 'text', encode(convert_to(t, 'UTF8'), 'hex'), hashtextextended(t, 0), NULL FROM text_key
WHERE octet_length(t) <= 40
UNION ALL
SELECT 'text', encode(convert_to(t, 'UTF8'), 'hex'), hashtextextended(t, 0), NULL
FROM (SELECT 'user-' || i AS t FROM generate_series(1, 300) i) x
UNION ALL
SELECT 'uuid', u::text, uuid_hash_extended(u, 0), NULL FROM uuid_key;

CREATE TEMP TABLE choice AS
SELECT c.case_name, tk.key_type, tk.key,
       CASE c.algorithm
         WHEN 'ring' THEN coalesce(
             (SELECT r.name FROM ring_point r WHERE r.case_name = c.case_name AND r.p >= tk.h ORDER BY r.p LIMIT 1),
             (SELECT r.name FROM ring_point r WHERE r.case_name = c.case_name ORDER BY r.p LIMIT 1))
         WHEN 'jump' THEN c.names[pg_temp.jump(tk.h, cardinality(c.names)) + 1]
         WHEN 'modulo' THEN c.names[(((coalesce(tk.k, tk.h) % cardinality(c.names)) + cardinality(c.names))
                                     % cardinality(c.names)) + 1]
       END AS shard
FROM placement_case c, typed_key tk;

\copy (SELECT case_name, key, shard FROM choice WHERE key_type = 'bigint' ORDER BY 1, 2) TO 'choice-bigint.csv' CSV HEADER
\copy (SELECT case_name, key AS utf8_hex, shard FROM choice WHERE key_type = 'text' ORDER BY 1, 2) TO 'choice-text.csv' CSV HEADER
\copy (SELECT case_name, key, shard FROM choice WHERE key_type = 'uuid' ORDER BY 1, 2) TO 'choice-uuid.csv' CSV HEADER
\copy (SELECT case_name, names, algorithm, vnodes FROM placement_case ORDER BY 1) TO 'cases.csv' CSV HEADER
