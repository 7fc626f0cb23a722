package io.shardedjdbc.sql;

import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Walks an expression for what routing needs below it: subqueries (their tables and keys) and calls to functions
 * that write, which make a SELECT a write.
 */
final class SubqueryFinder extends ExpressionVisitorAdapter<Void> {

    /**
     * Built-in functions that change state or need the session of the primary: a SELECT calling them must not go to
     * a replica (a hot standby refuses nextval, advisory locks are per server, currval/lastval are per session).
     */
    private static final Set<String> WRITING_FUNCTIONS = Set.of(
            "nextval", "setval", "currval", "lastval",
            "pg_advisory_lock", "pg_advisory_lock_shared", "pg_advisory_xact_lock", "pg_advisory_xact_lock_shared",
            "pg_try_advisory_lock", "pg_try_advisory_lock_shared", "pg_try_advisory_xact_lock",
            "pg_try_advisory_xact_lock_shared", "pg_advisory_unlock", "pg_advisory_unlock_shared",
            "pg_advisory_unlock_all", "set_config", "pg_notify", "txid_current", "pg_current_xact_id",
            "lo_create", "lo_creat", "lo_import", "lo_unlink", "lo_from_bytea", "lo_put");

    private final QueryWalker walker;
    private Block block;

    SubqueryFinder(QueryWalker walker) {
        this.walker = walker;
    }

    void walk(Expression expression, Block in) {
        if (expression == null) {
            return;
        }
        Block saved = block;
        block = in;
        try {
            expression.accept(this, null);
        } finally {
            block = saved;
        }
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
        walker.walkSelect(select, block, block.visibleCtes, null);
        return null;
    }

    @Override
    public <S> Void visit(Select select, S context) {
        walker.walkSelect(select, block, block.visibleCtes, null);
        return null;
    }

    @Override
    public <S> Void visit(Function function, S context) {
        String name = function.getName();
        if (name != null) {
            int dot = name.lastIndexOf('.');
            String bare = Names.normalize(dot >= 0 ? name.substring(dot + 1) : name);
            String lower = bare.toLowerCase(Locale.ROOT);
            if (WRITING_FUNCTIONS.contains(lower) || walker.catalog().writes(lower)) {
                walker.markWrite();
            }
        }
        return super.visit(function, context);
    }
}
