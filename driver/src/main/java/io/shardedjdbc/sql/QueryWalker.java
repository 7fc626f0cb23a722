package io.shardedjdbc.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.RowConstructor;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Walks a parsed statement: collects every table occurrence (in FROM order, subqueries after their enclosing
 * FROM), and records in each block's {@link ColumnGraph} what the conditions say about key columns.
 * One walker per analysis; not thread-safe.
 */
final class QueryWalker {

    /** How the conjuncts of a condition restrict rows. */
    private enum Strength { STRONG, OUTER, NONE }

    private final TableCatalog catalog;
    private final SubqueryFinder finder = new SubqueryFinder(this);
    private final List<TableRef> refs = new ArrayList<>();
    private final Map<String, TableRef> firstByName = new LinkedHashMap<>();
    private final List<String> tableOrder = new ArrayList<>();
    /** Parameter IN lists and ANY arrays that are top-level conditions on a sharded table's key column. */
    private final List<int[]> keyParameterLists = new ArrayList<>();
    private final List<Integer> keyArrayParameters = new ArrayList<>();
    private final List<KeyLists.Literals> keyLiteralLists = new ArrayList<>();
    private boolean writes;
    private boolean changesShardKey;
    /** Keys of the rows of a sharded INSERT ... VALUES target, in row order; null otherwise. */
    private List<KeyExpr> insertRowKeys;
    /** The first sharded table an INSERT (top level, CTE or MERGE) adds rows to without a known key; null: none. */
    private io.shardedjdbc.config.TableSpec keylessInsert;
    /** The table of a column-less INSERT whose key position comes from the catalog, and the columns used. */
    private String columnOrderOf;
    private List<String> columnOrder;

    QueryWalker(TableCatalog catalog) {
        this.catalog = catalog;
    }

    TableCatalog catalog() {
        return catalog;
    }

    // ---- results

    List<TableRef> tableRefs() {
        return refs;
    }

    /** Names of tables known only from their name (DDL), not walked as occurrences. */
    void addNamedTable(String name) {
        if (name != null && !name.isEmpty() && !firstByName.containsKey(name) && !tableOrder.contains(name)) {
            tableOrder.add(name);
        }
    }

    List<String> tableNames() {
        return tableOrder;
    }

    boolean writes() {
        return writes;
    }

    boolean changesShardKey() {
        return changesShardKey;
    }

    List<KeyExpr> insertRowKeys() {
        return insertRowKeys;
    }

    io.shardedjdbc.config.TableSpec keylessInsert() {
        return keylessInsert;
    }

    String columnOrderOf() {
        return columnOrderOf;
    }

    List<String> columnOrder() {
        return columnOrder;
    }

    private void noteInsertKey(TableRef target) {
        if (target != null && target.isSharded() && target.key() == null && keylessInsert == null) {
            keylessInsert = target.spec;
        }
    }

    void markWrite() {
        writes = true;
    }

    // ---- statements

    void walkSelect(Select select, Block parent, Set<String> ctes, List<Block> leaves) {
        if (select.getForMode() != null || select.getForUpdateTable() != null) {
            writes = true;
        }
        Set<String> visible = walkWith(select.getWithItemsList(), parent, ctes);
        if (select instanceof PlainSelect plain) {
            Block b = walkPlainSelect(plain, parent, visible);
            walkOrderBy(select.getOrderByElements(), b);
            if (leaves != null) {
                leaves.add(b);
            }
            return;
        }
        if (select instanceof SetOperationList setOps) {
            for (Select branch : setOps.getSelects()) {
                walkSelect(branch, parent, visible, leaves);
            }
        } else if (select instanceof ParenthesedSelect parenthesed) {
            if (parenthesed.getSelect() != null) {
                walkSelect(parenthesed.getSelect(), parent, visible, leaves);
            }
        } else if (select instanceof Values values) {
            Block b = new Block(parent, visible);
            walkExpressions(values.getExpressions(), b);
        } else if (select instanceof TableStatement table) {
            Block b = new Block(parent, visible);
            addTable(b, table.getTable());
        }
        // ORDER BY of a set operation names output columns; only subqueries in it matter.
        walkOrderBy(select.getOrderByElements(), new Block(parent, visible));
    }

    private Set<String> walkWith(List<WithItem<?>> items, Block parent, Set<String> ctes) {
        if (items == null || items.isEmpty()) {
            return ctes;
        }
        Set<String> visible = new HashSet<>(ctes);
        for (WithItem<?> item : items) {
            visible.add(Names.normalize(item.getAliasName()));
        }
        for (WithItem<?> item : items) {
            Object body = item.getParenthesedStatement();
            if (body instanceof ParenthesedSelect select) {
                walkSelect(select, parent, visible, null);
            } else if (body instanceof ParenthesedInsert insert) {
                writes = true;
                walkInsert(insert.getInsert() != null ? insert.getInsert() : insert, parent, visible, false);
            } else if (body instanceof ParenthesedUpdate update) {
                writes = true;
                walkUpdate(update.getUpdate() != null ? update.getUpdate() : update, parent, visible);
            } else if (body instanceof ParenthesedDelete delete) {
                writes = true;
                walkDelete(delete.getDelete() != null ? delete.getDelete() : delete, parent, visible);
            } else if (body instanceof Select select) {
                walkSelect(select, parent, visible, null);
            }
        }
        return visible;
    }

    private Block walkPlainSelect(PlainSelect select, Block parent, Set<String> ctes) {
        Block b = new Block(parent, ctes);
        if (select.getIntoTables() != null && !select.getIntoTables().isEmpty()) {
            writes = true;
            for (Table into : select.getIntoTables()) {
                addNamedTable(Names.normalize(into.getName()));
            }
        }
        addFromItem(b, select.getFromItem());
        walkJoins(b, select.getJoins());
        b.selectItems = select.getSelectItems();
        if (select.getSelectItems() != null) {
            for (SelectItem<?> item : select.getSelectItems()) {
                finder.walk(item.getExpression(), b);
            }
        }
        where(b, select.getWhere());
        GroupByElement groupBy = select.getGroupBy();
        if (groupBy != null && groupBy.getGroupByExpressionList() != null) {
            walkExpressions(groupBy.getGroupByExpressionList(), b);
        }
        finder.walk(select.getHaving(), b);
        return b;
    }

    /** @return the table the INSERT writes, or null when it is a CTE name */
    TableRef walkInsert(Insert insert, Block parent, Set<String> ctes, boolean topLevel) {
        writes = true;
        Set<String> visible = walkWith(insert.getWithItemsList(), parent, ctes);
        Block b = new Block(parent, visible);
        TableRef target = addTable(b, insert.getTable());
        b.addNonTable("excluded");
        int keyIndex = target != null && target.isSharded() ? keyIndex(insert, target) : -1;
        Select source = insert.getSelect();
        if (source instanceof Values values && (source.getWithItemsList() == null || source.getWithItemsList().isEmpty())) {
            List<KeyExpr> rowKeys = new ArrayList<>();
            for (List<? extends Expression> row : rows(values.getExpressions())) {
                for (Expression e : row) {
                    finder.walk(e, b);
                }
                rowKeys.add(keyIndex >= 0 && keyIndex < row.size() ? KeyValues.single(row.get(keyIndex)) : null);
            }
            if (target != null && target.isSharded()) {
                target.explicitKey(KeyValues.combine(rowKeys));
                if (topLevel) {
                    insertRowKeys = rowKeys;
                }
            }
        } else if (source != null) {
            List<Block> leaves = new ArrayList<>();
            walkSelect(source, parent, visible, leaves);
            if (target != null && target.isSharded()) {
                target.explicitKey(keyIndex < 0 ? null : keyFromSelects(leaves, keyIndex));
            }
        } else if (target != null && target.isSharded()) {
            target.explicitKey(null);
        }
        noteInsertKey(target);
        InsertConflictAction conflict = insert.getConflictAction();
        if (conflict != null) {
            walkUpdateSets(conflict.getUpdateSets(), b, target, true);
            finder.walk(conflict.getWhereExpression(), b);
        }
        walkReturning(insert.getReturningClause(), b);
        return target;
    }

    /**
     * The position of the key column among the INSERT's columns: those it lists, else the table's own columns in the
     * servers' order (from the catalog; unknown until read, and then the key is unknown too).
     */
    private int keyIndex(Insert insert, TableRef target) {
        List<String> names = new ArrayList<>();
        if (insert.getColumns() != null) {
            for (Column c : insert.getColumns()) {
                names.add(Names.normalize(c.getColumnName()));
            }
        } else {
            List<String> order = catalog.columns(target.name);
            if (columnOrderOf == null) {
                columnOrderOf = target.name;
                columnOrder = order;
            }
            if (order == null) {
                return -1;
            }
            names = order;
        }
        return names.lastIndexOf(target.spec.keyColumn());
    }

    /** Rows of a VALUES list: one parenthesized list is one row; otherwise each element is a row. */
    static List<List<? extends Expression>> rows(ExpressionList<?> expressions) {
        List<List<? extends Expression>> rows = new ArrayList<>();
        if (expressions == null) {
            return rows;
        }
        if (expressions instanceof ParenthesedExpressionList<?>) {
            rows.add(expressions);
            return rows;
        }
        for (Expression e : expressions) {
            if (e instanceof ParenthesedExpressionList<?> row) {
                rows.add(row);
            } else {
                rows.add(List.of(e));
            }
        }
        return rows;
    }

    private KeyExpr keyFromSelects(List<Block> leaves, int keyIndex) {
        if (leaves.isEmpty()) {
            return null;
        }
        List<KeyExpr> keys = new ArrayList<>(leaves.size());
        for (Block leaf : leaves) {
            List<SelectItem<?>> items = leaf.selectItems;
            if (items == null || keyIndex >= items.size()) {
                return null;
            }
            for (SelectItem<?> item : items) {
                if (item.getExpression() instanceof AllColumns) {
                    return null;
                }
            }
            Expression e = items.get(keyIndex).getExpression();
            KeyExpr k = KeyValues.single(e);
            if (k == null && KeyValues.unwrap(e) instanceof Column column) {
                ColumnNode node = resolve(column, leaf);
                k = node == null ? null : leaf.graph.valueOf(node);
            }
            keys.add(k);
        }
        return KeyValues.combine(keys);
    }

    /** @return the table the UPDATE writes, or null when it is a CTE name */
    TableRef walkUpdate(Update update, Block parent, Set<String> ctes) {
        writes = true;
        Set<String> visible = walkWith(update.getWithItemsList(), parent, ctes);
        Block b = new Block(parent, visible);
        TableRef target = addTable(b, update.getTable());
        walkJoins(b, update.getStartJoins());
        addFromItem(b, update.getFromItem());
        walkJoins(b, update.getJoins());
        walkUpdateSets(update.getUpdateSets(), b, target, false);
        where(b, update.getWhere());
        walkOrderBy(update.getOrderByElements(), b);
        walkReturning(update.getReturningClause(), b);
        return target;
    }

    /** @return the table the DELETE writes, or null when it is a CTE name */
    TableRef walkDelete(Delete delete, Block parent, Set<String> ctes) {
        writes = true;
        Set<String> visible = walkWith(delete.getWithItemsList(), parent, ctes);
        Block b = new Block(parent, visible);
        TableRef target = addTable(b, delete.getTable());
        if (delete.getUsingList() != null) {
            for (Table using : delete.getUsingList()) {
                addFromItem(b, using);
            }
        }
        walkJoins(b, delete.getJoins());
        where(b, delete.getWhere());
        walkReturning(delete.getReturningClause(), b);
        return target;
    }

    /**
     * MERGE reads every source row and touches target rows matched by ON, so ON restricts the target only. Rows a
     * WHEN NOT MATCHED ... INSERT adds carry the INSERT's own key: the target keeps the ON key only when every such
     * INSERT writes that same key.
     */
    TableRef walkMerge(Merge merge, Block parent, Set<String> ctes) {
        writes = true;
        Set<String> visible = walkWith(merge.getWithItemsList(), parent, ctes);
        Block b = new Block(parent, visible);
        TableRef target = addTable(b, merge.getTable());
        addFromItem(b, merge.getFromItem());
        finder.walk(merge.getOnCondition(), b);
        if (target != null) {
            bindConjuncts(b, merge.getOnCondition(), Strength.OUTER, Set.of(target));
        }
        List<KeyExpr> insertedKeys = new ArrayList<>();
        boolean inserts = false;
        if (merge.getOperations() != null) {
            for (MergeOperation op : merge.getOperations()) {
                if (op instanceof MergeInsert insert) {
                    inserts = true;
                    finder.walk(insert.getAndPredicate(), b);
                    walkExpressions(insert.getValues(), b);
                    insertedKeys.add(mergeInsertKey(insert, target, b));
                } else if (op instanceof MergeUpdate update) {
                    finder.walk(update.getAndPredicate(), b);
                    walkUpdateSets(update.getUpdateSets(), b, target, false);
                    finder.walk(update.getWhereCondition(), b);
                } else if (op instanceof MergeDelete delete) {
                    finder.walk(delete.getAndPredicate(), b);
                }
            }
        }
        if (target != null && target.isSharded()) {
            KeyExpr onKey = target.key();
            boolean sameKey = onKey != null && (!inserts || insertedKeys.stream().allMatch(onKey::equals));
            target.explicitKey(sameKey ? onKey : null);
            if (inserts) {
                noteInsertKey(target);
            }
        }
        return target;
    }

    private KeyExpr mergeInsertKey(MergeInsert insert, TableRef target, Block b) {
        if (target == null || !target.isSharded() || insert.getColumns() == null || insert.getValues() == null) {
            return null;
        }
        List<Column> columns = insert.getColumns();
        for (int i = 0; i < columns.size() && i < insert.getValues().size(); i++) {
            if (Names.normalize(columns.get(i).getColumnName()).equals(target.spec.keyColumn())) {
                Expression value = insert.getValues().get(i);
                KeyExpr k = KeyValues.single(value);
                if (k == null && KeyValues.unwrap(value) instanceof Column column) {
                    ColumnNode node = resolve(column, b);
                    k = node == null ? null : b.graph.valueOf(node);
                }
                return k;
            }
        }
        return null;
    }

    // ---- FROM

    private TableRef addTable(Block b, Table table) {
        if (table == null || table.getName() == null) {
            return null;
        }
        String name = Names.normalize(table.getName());
        String alias = aliasOf(table.getAlias());
        if (table.getSchemaName() == null && b.visibleCtes.contains(name)) {
            b.addNonTable(alias != null ? alias : name);
            return null;
        }
        TableRef ref = new TableRef(name, catalog.find(name), b);
        b.addTable(ref, alias);
        refs.add(ref);
        if (!firstByName.containsKey(name)) {
            firstByName.put(name, ref);
            tableOrder.remove(name);
            tableOrder.add(name);
        }
        return ref;
    }

    private static String aliasOf(Alias alias) {
        return alias == null || alias.getName() == null ? null : Names.normalize(alias.getName());
    }

    private void addFromItem(Block b, FromItem item) {
        if (item == null) {
            return;
        }
        if (item instanceof Table table) {
            addTable(b, table);
        } else if (item instanceof ParenthesedSelect sub) {
            // Derived tables may be LATERAL and name earlier FROM entries, so the block is their parent.
            walkSelect(sub, b, b.visibleCtes, null);
            b.addNonTable(aliasOf(sub.getAlias()));
        } else if (item instanceof ParenthesedFromItem nested) {
            addFromItem(b, nested.getFromItem());
            walkJoins(b, nested.getJoins());
            if (nested.getAlias() != null) {
                b.addNonTable(aliasOf(nested.getAlias()));
            }
        } else if (item instanceof TableFunction function) {
            finder.walk(function.getFunction(), b);
            b.addNonTable(aliasOf(function.getAlias()));
        } else if (item instanceof Values values) {
            walkExpressions(values.getExpressions(), b);
            b.addNonTable(aliasOf(values.getAlias()));
        } else {
            b.addNonTable(aliasOf(item.getAlias()));
        }
    }

    private void walkJoins(Block b, List<Join> joins) {
        if (joins == null) {
            return;
        }
        for (Join join : joins) {
            List<TableRef> before = new ArrayList<>(b.tables);
            addFromItem(b, join.getRightItem());
            List<TableRef> added = new ArrayList<>(b.tables.subList(before.size(), b.tables.size()));
            Strength strength;
            Set<TableRef> nullable;
            if (join.isFull()) {
                strength = Strength.NONE;
                nullable = Set.of();
            } else if (join.isLeft()) {
                strength = Strength.OUTER;
                nullable = Set.copyOf(added);
            } else if (join.isRight()) {
                strength = Strength.OUTER;
                nullable = Set.copyOf(before);
            } else {
                strength = Strength.STRONG;
                nullable = Set.of();
            }
            Collection<Expression> ons = join.getOnExpressions();
            if (ons != null) {
                for (Expression on : ons) {
                    finder.walk(on, b);
                    bindConjuncts(b, on, strength, nullable);
                }
            }
            if (join.getUsingColumns() != null && strength != Strength.NONE) {
                for (Column using : join.getUsingColumns()) {
                    bindUsing(b, Names.normalize(using.getColumnName()), before, added, strength, nullable);
                }
            }
        }
    }

    private void bindUsing(Block b, String column, List<TableRef> left, List<TableRef> right, Strength strength,
                           Set<TableRef> nullable) {
        ColumnNode l = singleWithColumn(left, column);
        ColumnNode r = singleWithColumn(right, column);
        if (l != null && r != null) {
            relate(b, l, r, strength, nullable);
        }
    }

    private static ColumnNode singleWithColumn(List<TableRef> tables, String column) {
        if (tables.size() == 1) {
            return new ColumnNode(tables.get(0), column);
        }
        ColumnNode found = null;
        for (TableRef t : tables) {
            if (t.isSharded() && t.spec.keyColumn().equals(column)) {
                if (found != null) {
                    return null;
                }
                found = new ColumnNode(t, column);
            }
        }
        return found;
    }

    // ---- conditions

    private void where(Block b, Expression where) {
        finder.walk(where, b);
        bindConjuncts(b, where, Strength.STRONG, Set.of());
    }

    /** Only top-level AND conjuncts bind: a key under OR or NOT restricts nothing for sure. */
    private void bindConjuncts(Block b, Expression condition, Strength strength, Set<TableRef> nullable) {
        if (condition == null || strength == Strength.NONE) {
            return;
        }
        if (condition instanceof AndExpression and) {
            bindConjuncts(b, and.getLeftExpression(), strength, nullable);
            bindConjuncts(b, and.getRightExpression(), strength, nullable);
        } else if (condition instanceof ParenthesedExpressionList<?> group && group.size() == 1
                && !(condition instanceof RowConstructor<?>)) {
            bindConjuncts(b, group.get(0), strength, nullable);
        } else if (condition instanceof EqualsTo eq) {
            bindEquality(b, eq.getLeftExpression(), eq.getRightExpression(), strength, nullable);
        } else if (condition instanceof InExpression in && !in.isNot() && in.getOldOracleJoinSyntax() == 0) {
            Expression left = KeyValues.unwrap(in.getLeftExpression());
            if (left instanceof ParenthesedExpressionList<?> row && row.size() > 1
                    && in.getRightExpression() instanceof ExpressionList<?> rows && rows.size() == 1
                    && rows.get(0) instanceof ParenthesedExpressionList<?> only && only.size() == row.size()) {
                // (a, b) IN ((?, ?)), how Hibernate finds by a composite id: the same as (a, b) = (?, ?)
                bindEquality(b, row, only, strength, nullable);
                return;
            }
            if (left instanceof Column column && in.getRightExpression() instanceof ExpressionList<?> list
                    && !(list.size() == 1 && list.get(0) instanceof Select)) {
                KeyExpr value = KeyValues.list(list);
                if (value != null) {
                    ColumnNode node = resolve(column, b);
                    bindValue(b, node, value, strength, nullable);
                    noteKeyList(node, value, strength);
                }
            }
        }
    }

    private void bindEquality(Block b, Expression leftExpr, Expression rightExpr, Strength strength,
                              Set<TableRef> nullable) {
        Expression left = KeyValues.unwrap(leftExpr);
        Expression right = KeyValues.unwrap(rightExpr);
        if (left instanceof Column l && right instanceof Column r) {
            ColumnNode ln = resolve(l, b);
            ColumnNode rn = resolve(r, b);
            if (ln != null && rn != null) {
                relate(b, ln, rn, strength, nullable);
            }
        } else if (left instanceof Column l) {
            bindColumnToValue(b, l, right, strength, nullable);
        } else if (right instanceof Column r) {
            bindColumnToValue(b, r, left, strength, nullable);
        } else if (left instanceof ParenthesedExpressionList<?> ls && right instanceof ParenthesedExpressionList<?> rs
                && ls.size() == rs.size()) {
            for (int i = 0; i < ls.size(); i++) {
                bindEquality(b, ls.get(i), rs.get(i), strength, nullable);
            }
        }
    }

    private void bindColumnToValue(Block b, Column column, Expression valueExpr, Strength strength,
                                   Set<TableRef> nullable) {
        KeyExpr value = KeyValues.single(valueExpr);
        if (value == null) {
            value = KeyValues.any(valueExpr);
        }
        if (value != null) {
            ColumnNode node = resolve(column, b);
            bindValue(b, node, value, strength, nullable);
            noteKeyList(node, value, strength);
        }
    }

    /**
     * A list of candidate keys that must hold for every row the statement reads: each shard may be sent only the
     * values it owns, since its rows' keys can match no other.
     */
    private void noteKeyList(ColumnNode node, KeyExpr value, Strength strength) {
        if (strength != Strength.STRONG || node == null || !node.table().isSharded()
                || !node.column().equals(node.table().spec.keyColumn())) {
            return;
        }
        if (value instanceof KeyExpr.AnyArray any) {
            keyArrayParameters.add(any.index());
        } else if (value instanceof KeyExpr.InList list) {
            int[] params = list.items().stream().filter(k -> k instanceof KeyExpr.Param)
                    .mapToInt(k -> ((KeyExpr.Param) k).index()).toArray();
            if (params.length > 1) {
                keyParameterLists.add(params);
            }
            if (params.length == 0 && list.items().size() > 1) {
                keyLiteralLists.add(new KeyLists.Literals(node.column(),
                        list.items().stream().map(k -> ((KeyExpr.Literal) k).value()).toList()));
            }
        }
    }

    /** @return the literal IN lists (no parameters) that are top-level conditions on a sharded key column */
    List<KeyLists.Literals> keyLiteralLists() {
        return keyLiteralLists;
    }

    /** @return the parameter indexes of each IN list on a sharded key column that is a top-level condition */
    List<int[]> keyParameterLists() {
        return keyParameterLists;
    }

    /** @return the parameters bound to {@code key = ANY(?)} conditions that are top-level on a sharded key column */
    List<Integer> keyArrayParameters() {
        return keyArrayParameters;
    }

    private static void bindValue(Block b, ColumnNode node, KeyExpr value, Strength strength, Set<TableRef> nullable) {
        if (node == null) {
            return;
        }
        if (strength == Strength.STRONG || nullable.contains(node.table())) {
            b.graph.bind(node, value);
        }
    }

    private static void relate(Block b, ColumnNode l, ColumnNode r, Strength strength, Set<TableRef> nullable) {
        if (strength == Strength.STRONG) {
            b.graph.equal(l, r);
            return;
        }
        boolean ln = nullable.contains(l.table());
        boolean rn = nullable.contains(r.table());
        if (ln && rn) {
            b.graph.equal(l, r);
        } else if (ln) {
            b.graph.restrict(l, r);
        } else if (rn) {
            b.graph.restrict(r, l);
        }
    }

    private static ColumnNode resolve(Column column, Block b) {
        String name = Names.normalize(column.getColumnName());
        Table table = column.getTable();
        if (table != null && table.getName() != null) {
            return b.resolveQualified(Names.normalize(table.getName()), name);
        }
        return b.resolveUnqualified(name);
    }

    // ---- plumbing

    /**
     * @param conflict an ON CONFLICT DO UPDATE, where {@code key = EXCLUDED.key} keeps the key the conflicting row has
     *                 whenever the conflict is on a unique index containing the key (the only ones a shard can enforce)
     */
    private void walkUpdateSets(List<UpdateSet> sets, Block b, TableRef target, boolean conflict) {
        if (sets == null) {
            return;
        }
        for (UpdateSet set : sets) {
            walkExpressions(set.getValues(), b);
            if (target != null && target.isSharded() && set.getColumns() != null) {
                List<Column> columns = set.getColumns();
                for (int i = 0; i < columns.size(); i++) {
                    String column = Names.normalize(columns.get(i).getColumnName());
                    if (column.equals(target.spec.keyColumn())
                            && !(conflict && isExcludedKey(set, columns.size(), i, column))) {
                        changesShardKey = true;
                    }
                }
            }
        }
    }

    private static boolean isExcludedKey(UpdateSet set, int columns, int i, String keyColumn) {
        ExpressionList<?> values = set.getValues();
        if (values == null || values.size() != columns) {
            return false;
        }
        return KeyValues.unwrap(values.get(i)) instanceof Column c && c.getTable() != null
                && "excluded".equals(Names.normalize(c.getTable().getName()))
                && keyColumn.equals(Names.normalize(c.getColumnName()));
    }

    private void walkReturning(ReturningClause returning, Block b) {
        if (returning != null) {
            for (SelectItem<?> item : returning) {
                finder.walk(item.getExpression(), b);
            }
        }
    }

    private void walkOrderBy(List<OrderByElement> orderBy, Block b) {
        if (orderBy != null) {
            for (OrderByElement e : orderBy) {
                finder.walk(e.getExpression(), b);
            }
        }
    }

    private void walkExpressions(List<?> expressions, Block b) {
        if (expressions != null) {
            for (Object e : expressions) {
                if (e instanceof Expression expression) {
                    finder.walk(expression, b);
                }
            }
        }
    }
}
