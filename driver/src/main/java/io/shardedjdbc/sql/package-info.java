/**
 * Statement analysis: SQL text to a cached, immutable {@link io.shardedjdbc.sql.StatementPlan} that says what kind
 * of statement it is, which tables it names, and where each sharded table's key comes from. Knows nothing of JDBC
 * connections.
 *
 * <p>Parameters follow pgjdbc: every {@code ?} outside literals, quoted identifiers, dollar quotes and comments is a
 * parameter, numbered by position; {@code ??} is the escaped {@code ?} operator character, so the jsonb operators
 * are written {@code ??}, {@code ??|}, {@code ??&} (they reach the parser as {@code ?}, {@code ?|}, {@code ?&}). A bare
 * {@code ?|} is a parameter followed by {@code |}, exactly as pgjdbc sends it.
 *
 * <p>What the analysis does not do (the key is then reported as unknown, never guessed):
 * <ul>
 *   <li>keys under OR / NOT, inequalities, ranges, BETWEEN, expressions ({@code ? + 1}, functions) and integer
 *       literals wider than bigint;</li>
 *   <li>keys that flow out of a derived table, CTE or {@code IN (SELECT ...)} into the enclosing query
 *       ({@code WITH x AS (SELECT * FROM posts) SELECT * FROM x WHERE user_id = ?} leaves posts without a key);</li>
 *   <li>unqualified columns when several sharded tables of the block share the key column name, or when the column
 *       would be an outer query's;</li>
 *   <li>a WHERE condition on the nullable side of an outer join does not give the preserved side a key; FULL JOIN ON
 *       conditions give no keys; NATURAL JOIN columns are not matched;</li>
 *   <li>INSERT without a column list, until the {@link io.shardedjdbc.sql.TableCatalog} knows the table's column
 *       order (the plan then names the table in {@link io.shardedjdbc.sql.WriteFacts#columnsOf()} and is analysed
 *       again once it is read); MERGE keeps a target key only when every WHEN NOT MATCHED INSERT writes the same key
 *       as the ON condition. An INSERT target without a key is reported in
 *       {@link io.shardedjdbc.sql.WriteFacts#keylessInsert()}: its rows have no shard;</li>
 *   <li>SELECTs calling application functions that write count as reads (only built-ins such as nextval, setval,
 *       currval, advisory locks are known);</li>
 *   <li>DDL table names come from the leading keywords (CREATE TABLE/INDEX, ALTER TABLE, DROP TABLE, TRUNCATE,
 *       COMMENT ON, GRANT/REVOKE ON, REFERENCES) plus the SELECT of CREATE TABLE/VIEW AS when the parser reads it;
 *       sequences, views, functions, triggers are not tables;</li>
 *   <li>several statements in one string, JDBC escapes ({@code {fn ...}}, {@code {call ...}}) and SQL the parser
 *       rejects are UNPARSEABLE; the parser runs without a time limit on the calling thread.</li>
 * </ul>
 */
package io.shardedjdbc.sql;
