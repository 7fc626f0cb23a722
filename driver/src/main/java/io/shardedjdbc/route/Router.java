package io.shardedjdbc.route;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.config.ScatterPolicy;
import io.shardedjdbc.config.TableSpec;
import io.shardedjdbc.placement.KeyspacePlacement;
import io.shardedjdbc.sql.KeyExpr;
import io.shardedjdbc.sql.SqlHint;
import io.shardedjdbc.sql.StatementKind;
import io.shardedjdbc.sql.StatementPlan;
import io.shardedjdbc.sql.TableKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides where a statement runs from its cached plan, its bound parameters and the active hints, and returns a
 * {@link Route} carrying what running it needs. Single-shard routes are made once per router, so the common case
 * allocates nothing.
 */
public final class Router {
    private static final Logger log = LoggerFactory.getLogger(Router.class);
    /** Internal marker: a key expression whose values live on several shards. */
    private static final int MULTI = -2;

    private final List<String> shardNames;
    private final int defaultShard;
    private final Map<String, KeyspacePlacement> keyspaces;
    private final ScatterPolicy scatter;
    private final AtomicInteger broadcastCursor = new AtomicInteger();
    /** The single-shard routes, by kind and shard: {@code singles[kind * shardCount + shard]}. */
    private final Route[] singles;
    private final Route everyShard = Route.everyShard();

    /**
     * @param defaultShard index of the default shard, or -1 when the topology names none
     */
    public Router(List<String> shardNames, int defaultShard, Map<String, KeyspacePlacement> keyspaces,
                  ScatterPolicy scatter) {
        this.shardNames = List.copyOf(shardNames);
        this.defaultShard = defaultShard;
        this.keyspaces = Map.copyOf(keyspaces);
        this.scatter = scatter;
        int n = shardNames.size();
        this.singles = new Route[RouteKind.values().length * n];
        for (RouteKind kind : RouteKind.values()) {
            for (int shard = 0; shard < n; shard++) {
                singles[kind.ordinal() * n + shard] = Route.single(kind, shard);
            }
        }
    }

    private Route single(RouteKind kind, int shard) {
        return singles[kind.ordinal() * shardNames.size() + shard];
    }

    public int shardCount() {
        return shardNames.size();
    }

    public List<String> shardNames() {
        return shardNames;
    }

    public String shardName(int index) {
        return shardNames.get(index);
    }

    /** The names of the shards a route runs on, in shard order. */
    public List<String> namesOf(Route route) {
        List<String> names = new java.util.ArrayList<>();
        for (int shard : route.shards(shardNames.size())) {
            names.add(shardNames.get(shard));
        }
        return names;
    }

    /**
     * @param preferredShard a shard the caller already holds a connection to (for broadcast reads); -1: none
     */
    public Route route(StatementPlan plan, ParameterSource params, int preferredShard) throws SQLException {
        return route(plan, params, preferredShard, HintFrame.current());
    }

    /** As {@link #route(StatementPlan, ParameterSource, int)}, with the hint frame read once for many statements. */
    public Route route(StatementPlan plan, ParameterSource params, int preferredShard, HintFrame hints)
            throws SQLException {
        if (plan.hintError() != null) {
            throw SqlState.INVALID_ARGUMENT.exception("bad sharded: hint comment (" + plan.hintError()
                    + "); write /* sharded: key=<value> */, /* sharded: keyspace=<name> key=<value> */ or"
                    + " /* sharded: shard=<name> */. SQL: " + abbreviate(plan.sql()));
        }
        if (plan.changesShardKey()) {
            throw SqlState.CROSS_SHARD_WRITE.exception("the statement assigns a shard key column, which could move"
                    + " the row to another shard: delete the row and insert it with its new key instead (an ON"
                    + " CONFLICT DO UPDATE may set the key only to EXCLUDED's). SQL: " + abbreviate(plan.sql()));
        }
        int hinted = routeByHint(plan, hints);
        if (hinted >= 0) {
            if (plan.insertRows() != null) {
                checkHintedRows(plan, params, hinted);
            }
            return single(RouteKind.HINT, hinted);
        }
        switch (plan.kind()) {
            case UNPARSEABLE:
                throw SqlState.UNPARSEABLE_SQL.exception("cannot analyse the statement (" + plan.error()
                        + "); give its shard with a hint: ShardHints.shard(\"s0\") or a comment /* sharded: shard=s0 */"
                        + " or /* sharded: key=<value> */. SQL: " + abbreviate(plan.sql()));
            case TRANSACTION:
                throw SqlState.UNSUPPORTED_STATEMENT.exception("a transaction command is not routed: the logical"
                        + " connection runs it (Connection.setAutoCommit/commit/rollback, or BEGIN/COMMIT on their"
                        + " own). SQL: " + abbreviate(plan.sql()));
            case SESSION:
                // SET and SHOW run on one server, the transaction's own if it has one; the logical connection carries
                // what a SET set to every other server it uses
                return single(RouteKind.DEFAULT, broadcastReadShard(preferredShard));
            case DDL:
                return routeDdl(plan);
            default:
                return routeDml(plan, params, preferredShard);
        }
    }

    private Route routeDdl(StatementPlan plan) throws SQLException {
        if (!plan.shardedTables().isEmpty() || plan.touchesBroadcast()) {
            return everyShard;
        }
        return single(RouteKind.DEFAULT, requireDefault(plan));
    }

    private Route routeDml(StatementPlan plan, ParameterSource params, int preferredShard) throws SQLException {
        if (plan.writes().keylessInsert() != null) {
            // Whatever scatter says: a row without a key has no shard, and running it on every shard copies it.
            throw missingInsertKey(plan, plan.writes().keylessInsert());
        }
        List<TableKey> sharded = plan.shardedTables();
        if (sharded.isEmpty()) {
            if (plan.touchesBroadcast() && plan.unknownTables().isEmpty()) {
                if (!plan.isRead()) {
                    return everyShard;
                }
                return single(RouteKind.BROADCAST_READ, broadcastReadShard(preferredShard));
            }
            if (plan.unknownTables().isEmpty() && (plan.isRead() || !plan.session().setConfigs().isEmpty())) {
                // No table at all (SELECT 1, SELECT now()): the default shard, else any shard answers.
                return single(RouteKind.DEFAULT, defaultShard >= 0 ? defaultShard : broadcastReadShard(preferredShard));
            }
            return single(RouteKind.DEFAULT, requireDefault(plan));
        }
        if (plan.writes().writesBroadcastTable()) {
            throw SqlState.CROSS_SHARD_WRITE.exception("the write to broadcast table " + plan.writes().target()
                    + " reads sharded table " + sharded.get(0).table().name() + ": every shard would write its copy"
                    + " from its own rows of " + sharded.get(0).table().name() + ", and the copies would differ. Read"
                    + " the rows first, then write the broadcast table with their values. SQL: "
                    + abbreviate(plan.sql()));
        }
        if (plan.insertRows() != null && plan.insertRows().rowCount() > 1
                && rowsShard(plan, params) == MULTI) {
            if (plan.shardedReferences() > 1) {
                throw SqlState.CROSS_SHARD_WRITE.exception("the INSERT's rows belong to several shards and it also"
                        + " reads another sharded table, which each shard's part would read only in part: insert"
                        + " one shard's rows at a time. SQL: " + abbreviate(plan.sql()));
            }
            return Route.split(rowShards(plan, params), rowKeys(plan, params));
        }
        int shard = -1;
        TableSpec keyless = null;
        for (int i = 0, n = sharded.size(); i < n; i++) {
            TableKey tk = sharded.get(i);
            if (tk.key() == null) {
                keyless = tk.table();
                continue;
            }
            int s = resolve(tk.key(), keyspace(tk.table()), params);
            if (s == MULTI && plan.isRead()) {
                return scatter(plan, params, null);
            }
            if (s == MULTI) {
                return keyListWrite(plan, params, tk);
            }
            if (shard >= 0 && s != shard) {
                throw SqlState.CONFLICTING_KEYS.exception("the statement's keys place its tables on different shards ("
                        + shardNames.get(shard) + " and " + shardNames.get(s) + "): a statement can only join"
                        + " tables whose keys are on one shard. SQL: " + abbreviate(plan.sql()));
            }
            shard = s;
        }
        if (keyless != null && shard < 0) {
            return keyless(plan, params, keyless);
        }
        if (keyless != null && !plan.isRead()) {
            throw SqlState.CROSS_SHARD_WRITE.exception("the write runs on shard " + shardNames.get(shard) + " by its"
                    + " key, but it also reads sharded table " + keyless.name() + " without a condition on its key "
                    + keyless.keyColumn() + ", so the rows of " + keyless.name() + " on other shards would be"
                    + " missed: add " + keyless.keyColumn() + " = <the same key>, or give the shard with a hint."
                    + " SQL: " + abbreviate(plan.sql()));
        }
        return single(RouteKind.KEY, checkUnknownTables(plan, shard));
    }

    /**
     * An UPDATE or DELETE whose key list ({@code IN (...)}, {@code = ANY(?)}) spans shards: each owner runs it with
     * its own keys (see {@link #scatterTargets}), whatever scatter says, since the keys say where every row is.
     */
    private Route keyListWrite(StatementPlan plan, ParameterSource params, TableKey tk) throws SQLException {
        String problem = null;
        if (plan.kind() != StatementKind.UPDATE && plan.kind() != StatementKind.DELETE) {
            problem = "only an UPDATE or DELETE can run on each shard with its own keys";
        } else if (plan.shardedReferences() > 1) {
            problem = "it also names another sharded table, whose rows cannot be joined across shards";
        } else if (!plan.writes().writesShardedTable() || plan.writes().targetSpec() != tk.table()) {
            problem = "the key list is not on the table it writes";
        } else if (!plan.unknownTables().isEmpty()) {
            problem = "it also reads " + plan.unknownTables().get(0) + ", a table the topology does not list";
        }
        if (problem != null) {
            throw SqlState.CROSS_SHARD_WRITE.exception("the key values for table " + tk.table().name()
                    + " live on several shards, but " + problem + ": write one shard's keys at a time"
                    + " (ShardedDataSource.shardOf). SQL: " + abbreviate(plan.sql()));
        }
        return Route.targets(RouteKind.KEY_LIST, scatterTargets(plan, params));
    }

    /**
     * A read that needs several shards: allowed when one sharded table is read and the results merge exactly, and
     * (for a read with no key at all) the table's scatter policy lets it fan out.
     *
     * @param keyless the table of a key-less read whose policy is deny or warn; null: nothing to check
     */
    private Route scatter(StatementPlan plan, ParameterSource params, TableSpec keyless) throws SQLException {
        if (keyless != null) {
            ScatterPolicy policy = keyless.scatter() != null ? keyless.scatter() : scatter;
            if (policy == ScatterPolicy.DENY) {
                throw SqlState.NO_SHARD_KEY.exception("no shard key for table " + keyless.name() + " (key column "
                        + keyless.keyColumn() + ") and scatter is deny, so the read is not sent to every shard: add"
                        + " a condition " + keyless.keyColumn() + " = ? or a hint, or allow cross-shard reads with"
                        + " scatter: allow (top level or on the table). SQL: " + abbreviate(plan.sql()));
            }
            log.warn("key-less read on {} sent to every shard: {}", keyless.name(), abbreviate(plan.sql()));
        }
        String problem = null;
        if (plan.shardedReferences() > 1) {
            problem = "it reads several sharded tables (a join or subquery) without one shard key, and rows on"
                    + " different shards cannot be joined";
        } else if (!plan.unknownTables().isEmpty()) {
            problem = "it also reads " + plan.unknownTables().get(0) + ", a table the topology does not list";
        } else if (plan.scatter() == null) {
            problem = "this statement form cannot run on several shards";
        } else if (plan.scatter().refusal() != null) {
            problem = "the shards' results cannot be merged exactly because of " + plan.scatter().refusal();
        }
        if (problem != null) {
            throw SqlState.CROSS_SHARD_READ.exception("this read needs rows from several shards, but " + problem
                    + ": add a shard key condition or a hint (ShardHints.key(...), /* sharded: key=<value> */),"
                    + " or query each shard's part separately. SQL: " + abbreviate(plan.sql()));
        }
        return Route.targets(RouteKind.SCATTER, scatterTargets(plan, params));
    }

    /**
     * The shards a SCATTER read runs on: those owning a value of its key list, or every shard when it has no key.
     */
    public boolean[] scatterShards(StatementPlan plan, ParameterSource params) throws SQLException {
        boolean[] shards = new boolean[shardNames.size()];
        TableKey tk = plan.shardedTables().get(0);
        if (tk.key() == null || !markShards(tk.key(), keyspace(tk.table()), params, shards)) {
            java.util.Arrays.fill(shards, true);
        }
        return shards;
    }

    /**
     * The shards a cross-shard read needs ({@link #scatterShards}) and what each of them is sent of the statement's
     * key lists ({@link io.shardedjdbc.sql.StatementPlan#keyLists()}).
     */
    @SuppressWarnings("unchecked")
    public ScatterTargets scatterTargets(StatementPlan plan, ParameterSource params) throws SQLException {
        boolean[] shards = scatterShards(plan, params);
        int n = shards.length;
        int[][] substitutes = new int[n][];
        java.util.Map<Integer, ScatterTargets.KeyArray>[] arrays = new java.util.Map[n];
        List<int[]>[] edits = new List[n];
        io.shardedjdbc.sql.KeyLists lists = plan.keyLists();
        if (lists.isEmpty()) {
            return new ScatterTargets(shards, substitutes, arrays, edits);
        }
        KeyspacePlacement ks = keyspace(plan.shardedTables().get(0).table());
        for (int[] list : lists.parameterLists()) {
            int[] owner = new int[list.length];
            for (int i = 0; i < list.length; i++) {
                owner[i] = resolve(new KeyExpr.Param(list[i]), ks, params);
            }
            for (int s = 0; s < n; s++) {
                int mine = firstOwned(owner, s);
                if (!shards[s] || mine < 0) {
                    // No value of this list lives here: the condition is false for every row of the shard anyway.
                    continue;
                }
                for (int i = 0; i < list.length; i++) {
                    if (owner[i] != s) {
                        if (substitutes[s] == null) {
                            substitutes[s] = new int[plan.parameterCount() + 1];
                        }
                        substitutes[s][list[i]] = list[mine];
                    }
                }
            }
        }
        for (int parameter : lists.arrayParameters()) {
            KeyArrays.split(params.value(parameter), ks, shards, parameter, arrays);
        }
        for (io.shardedjdbc.sql.KeyLists.LiteralSpans list : lists.literalLists()) {
            int[] owner = new int[list.values().length];
            for (int i = 0; i < owner.length; i++) {
                owner[i] = ks.shardOf(list.values()[i]);
            }
            for (int s = 0; s < n; s++) {
                int mine = firstOwned(owner, s);
                if (!shards[s] || mine < 0) {
                    continue;
                }
                for (int i = 0; i < owner.length; i++) {
                    if (owner[i] != s) {
                        if (edits[s] == null) {
                            edits[s] = new java.util.ArrayList<>();
                        }
                        edits[s].add(new int[]{list.starts()[i], list.ends()[i], list.starts()[mine],
                                list.ends()[mine]});
                    }
                }
            }
        }
        return new ScatterTargets(shards, substitutes, arrays, edits);
    }

    /** @return the first item of a list that the shard owns, or -1 */
    private static int firstOwned(int[] owner, int shard) {
        for (int i = 0; i < owner.length; i++) {
            if (owner[i] == shard) {
                return i;
            }
        }
        return -1;
    }

    /** @return false when the key expression names no value list (every shard is needed) */
    private boolean markShards(KeyExpr key, KeyspacePlacement ks, ParameterSource params, boolean[] shards)
            throws SQLException {
        if (key instanceof KeyExpr.InList list) {
            for (KeyExpr item : list.items()) {
                if (!markShards(item, ks, params, shards)) {
                    return false;
                }
            }
            return true;
        }
        if (key instanceof KeyExpr.AnyArray any) {
            Object value = params.value(any.index());
            Object array = value instanceof java.sql.Array sqlArray ? sqlArray.getArray() : value;
            if (array instanceof Object[] items) {
                for (Object item : items) {
                    shards[ks.shardOf(item)] = true;
                }
                return true;
            }
            if (array instanceof long[] longs) {
                for (long item : longs) {
                    shards[ks.shardOfLong(item)] = true;
                }
                return true;
            }
            if (array instanceof int[] ints) {
                for (int item : ints) {
                    shards[ks.shardOfLong(item)] = true;
                }
                return true;
            }
            return false;
        }
        int s = resolve(key, ks, params);
        if (s < 0) {
            return false;
        }
        shards[s] = true;
        return true;
    }

    private Route keyless(StatementPlan plan, ParameterSource params, TableSpec table) throws SQLException {
        ScatterPolicy policy = table.scatter() != null ? table.scatter() : scatter;
        if (plan.isRead()) {
            return scatter(plan, params, policy == ScatterPolicy.ALLOW ? null : table);
        }
        if (policy == ScatterPolicy.DENY) {
            throw SqlState.NO_SHARD_KEY.exception("no shard key for table " + table.name() + " (key column " + table.keyColumn()
                    + "): add a condition " + table.keyColumn() + " = ? to the statement, or a hint"
                    + " (ShardHints.key(...) or /* sharded: key=<value> */); or allow key-less writes"
                    + " on every shard with scatter: allow. SQL: " + abbreviate(plan.sql()));
        }
        if (policy == ScatterPolicy.WARN) {
            log.warn("key-less write on {} sent to every shard: {}", table.name(), abbreviate(plan.sql()));
        }
        return everyShard;
    }

    private int checkUnknownTables(StatementPlan plan, int shard) throws SQLException {
        if (!plan.unknownTables().isEmpty() && shard != defaultShard) {
            throw SqlState.UNKNOWN_TABLE.exception("table " + plan.unknownTables().get(0) + " is not listed in the"
                    + " topology" + (defaultShard >= 0 ? " (so it lives on the defaultShard " + shardNames.get(defaultShard)
                    + ")" : "") + " but the statement's key places it on " + shardNames.get(shard)
                    + ": list the table in the topology (sharded or broadcast: true). SQL: " + abbreviate(plan.sql()));
        }
        return shard;
    }

    private int requireDefault(StatementPlan plan) throws SQLException {
        if (defaultShard < 0) {
            String table = plan.unknownTables().isEmpty() ? "(none)" : plan.unknownTables().get(0);
            throw SqlState.UNKNOWN_TABLE.exception("table " + table + " is not listed in the topology and it has no"
                    + " defaultShard: add the table under tables: (sharded with key:, or broadcast: true), or set"
                    + " defaultShard. SQL: " + abbreviate(plan.sql()));
        }
        return defaultShard;
    }

    private int broadcastReadShard(int preferredShard) {
        if (preferredShard >= 0) {
            return preferredShard;
        }
        if (defaultShard >= 0) {
            return defaultShard;
        }
        return Math.floorMod(broadcastCursor.getAndIncrement(), shardNames.size());
    }

    private int rowsShard(StatementPlan plan, ParameterSource params) throws SQLException {
        TableSpec table = plan.writes().targetSpec();
        KeyspacePlacement ks = keyspace(table);
        int shard = -1;
        for (int row = 0, n = plan.insertRows().rowCount(); row < n; row++) {
            KeyExpr key = plan.insertRows().keyOf(row);
            if (key == null) {
                throw missingInsertKey(plan, table);
            }
            int s = resolve(key, ks, params);
            if (shard >= 0 && s != shard) {
                return MULTI;
            }
            shard = s;
        }
        return shard;
    }

    /**
     * A hint places rows whose key the driver cannot read; rows whose key it reads must be where the key says, or
     * they would be stored on a shard placement never looks at.
     */
    private void checkHintedRows(StatementPlan plan, ParameterSource params, int hintedShard) throws SQLException {
        TableSpec table = plan.writes().targetSpec();
        if (table == null || !plan.writes().writesShardedTable()) {
            return;
        }
        KeyspacePlacement ks = keyspace(table);
        for (int row = 0, n = plan.insertRows().rowCount(); row < n; row++) {
            KeyExpr key = plan.insertRows().keyOf(row);
            int s = key == null ? hintedShard : resolve(key, ks, params);
            if (s != hintedShard) {
                throw SqlState.CONFLICTING_KEYS.exception("the hint places the INSERT on shard "
                        + shardNames.get(hintedShard) + " but row " + (row + 1) + "'s key " + table.keyColumn()
                        + " belongs to shard " + shardNames.get(s) + ": drop the hint, or give the rows keys of the"
                        + " hinted shard. SQL: " + abbreviate(plan.sql()));
            }
        }
    }

    /** Shard of each row of a multi-row INSERT, for splitting it. */
    public int[] rowShards(StatementPlan plan, ParameterSource params) throws SQLException {
        TableSpec table = plan.writes().targetSpec();
        KeyspacePlacement ks = keyspace(table);
        int[] shards = new int[plan.insertRows().rowCount()];
        for (int row = 0; row < shards.length; row++) {
            KeyExpr key = plan.insertRows().keyOf(row);
            if (key == null) {
                throw missingInsertKey(plan, table);
            }
            shards[row] = resolve(key, ks, params);
        }
        return shards;
    }

    /**
     * The key of each row of a multi-row INSERT in its keyspace's canonical form ({@link KeyspacePlacement#coerce}),
     * for matching the rows the shards return to the caller's rows.
     */
    public Object[] rowKeys(StatementPlan plan, ParameterSource params) throws SQLException {
        KeyspacePlacement ks = keyspace(plan.writes().targetSpec());
        Object[] keys = new Object[plan.insertRows().rowCount()];
        for (int row = 0; row < keys.length; row++) {
            KeyExpr key = plan.insertRows().keyOf(row);
            Object raw = key instanceof KeyExpr.Param p ? params.value(p.index()) : ((KeyExpr.Literal) key).value();
            keys[row] = ks.coerce(raw);
        }
        return keys;
    }

    private static SQLException missingInsertKey(StatementPlan plan, TableSpec table) {
        return SqlState.NO_SHARD_KEY.exception("the statement adds rows to sharded table " + table.name() + " without"
                + " a value the driver can read for its shard key " + table.keyColumn() + " (a parameter or literal;"
                + " not DEFAULT, NULL, an expression, COPY or rows of a SELECT from another shard), so the rows"
                + " would have no shard: give " + table.keyColumn() + " its value, or the key with a hint"
                + " (ShardHints.key(...) or /* sharded: key=<value> */). SQL: " + abbreviate(plan.sql()));
    }

    private int routeByHint(StatementPlan plan, HintFrame frame) throws SQLException {
        if (frame != null && (frame.shard != null || frame.key != null)) {
            return hinted(plan, frame.shard, frame.keyspace, frame.key);
        }
        SqlHint hint = plan.hint();
        if (hint != null && (hint.shard() != null || hint.key() != null)) {
            return hinted(plan, hint.shard(), hint.keyspace(), hint.key());
        }
        return -1;
    }

    private int hinted(StatementPlan plan, String shard, String keyspace, Object key) throws SQLException {
        if (shard != null) {
            int index = shardNames.indexOf(shard);
            if (index < 0) {
                throw SqlState.UNKNOWN_SHARD.exception("hint names shard '" + shard + "' but the topology has "
                        + shardNames + ". SQL: " + abbreviate(plan.sql()));
            }
            return index;
        }
        KeyspacePlacement ks = keyspace != null ? keyspaces.get(keyspace) : hintKeyspace(plan);
        if (ks == null) {
            throw SqlState.INVALID_ARGUMENT.exception("hint names keyspace '" + keyspace + "' but the topology has "
                    + keyspaces.keySet() + ". SQL: " + abbreviate(plan.sql()));
        }
        return ks.shardOf(key);
    }

    /** A hint without keyspace means the statement's own keyspace, else the keyspace "default". */
    private KeyspacePlacement hintKeyspace(StatementPlan plan) {
        List<TableKey> sharded = plan.shardedTables();
        if (!sharded.isEmpty()) {
            return keyspaces.get(sharded.get(0).table().keyspace());
        }
        return keyspaces.get("default");
    }

    public KeyspacePlacement keyspace(String name) {
        return keyspaces.get(name);
    }

    private KeyspacePlacement keyspace(TableSpec table) throws SQLException {
        KeyspacePlacement ks = keyspaces.get(table.keyspace());
        if (ks == null) {
            throw SqlState.CONFIG_INVALID.exception("table " + table.name() + " refers to unknown keyspace "
                    + table.keyspace());
        }
        return ks;
    }

    private int resolve(KeyExpr key, KeyspacePlacement ks, ParameterSource params) throws SQLException {
        if (key instanceof KeyExpr.Param p) {
            int i = p.index();
            if (params.isLong(i)) {
                return ks.shardOfLong(params.longValue(i));
            }
            Object value = params.value(i);
            return value instanceof Object[] list ? shardOfAll(list, ks) : ks.shardOf(value);
        }
        if (key instanceof KeyExpr.Literal l) {
            return ks.shardOf(l.value());
        }
        if (key instanceof KeyExpr.InList list) {
            int shard = -1;
            for (KeyExpr item : list.items()) {
                int s = resolve(item, ks, params);
                if (s == MULTI || (shard >= 0 && s != shard)) {
                    return MULTI;
                }
                shard = s;
            }
            return shard;
        }
        KeyExpr.AnyArray any = (KeyExpr.AnyArray) key;
        return resolveArray(params.value(any.index()), ks);
    }

    /** The shard of a literal shape's {@code IN} list slot: its items' shard when they share one, else MULTI. */
    private static int shardOfAll(Object[] keys, KeyspacePlacement ks) throws SQLException {
        int shard = -1;
        for (Object key : keys) {
            int s = ks.shardOf(key);
            if (shard >= 0 && s != shard) {
                return MULTI;
            }
            shard = s;
        }
        return shard;
    }

    private static int resolveArray(Object value, KeyspacePlacement ks) throws SQLException {
        Object array = value instanceof java.sql.Array sqlArray ? sqlArray.getArray() : value;
        Object[] items;
        if (array instanceof Object[] objects) {
            items = objects;
        } else if (array instanceof long[] longs) {
            items = java.util.Arrays.stream(longs).boxed().toArray();
        } else if (array instanceof int[] ints) {
            items = java.util.Arrays.stream(ints).boxed().toArray();
        } else {
            items = null;
        }
        if (items == null || items.length == 0) {
            throw SqlState.BAD_KEY.exception("the shard key is bound with = ANY(?) but the parameter is not a"
                    + " non-empty array (java.sql.Array, Object[], long[] or int[])");
        }
        int shard = -1;
        for (Object item : items) {
            int s = ks.shardOf(item);
            if (shard >= 0 && s != shard) {
                return MULTI;
            }
            shard = s;
        }
        return shard;
    }

    public static String abbreviate(String sql) {
        return sql.length() <= 300 ? sql : sql.substring(0, 300) + "...";
    }
}
