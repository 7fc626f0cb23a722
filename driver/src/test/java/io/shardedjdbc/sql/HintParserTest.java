package io.shardedjdbc.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HintParserTest {
    private final StatementAnalyzer analyzer = new StatementAnalyzer(TestCatalog.CATALOG, 100);

    private SqlHint hint(String sql) {
        StatementPlan plan = analyzer.analyze(sql);
        assertNull(plan.hintError(), plan::toString);
        return plan.hint();
    }

    private String error(String sql) {
        StatementPlan plan = analyzer.analyze(sql);
        assertNull(plan.hint(), plan::toString);
        assertTrue(plan.hintError() != null, plan::toString);
        return plan.hintError();
    }

    @Test
    void readsEveryForm() {
        assertEquals(new SqlHint("s1", null, null, false, null), hint("/* sharded: shard=s1 */ select 1"));
        assertEquals(new SqlHint(null, null, "42", false, null), hint("select 1 /* sharded: key=42 */"));
        assertEquals(new SqlHint(null, "user", "42", false, null), hint("select 1 /*sharded:keyspace=user,key=42*/"));
        assertEquals(new SqlHint(null, null, null, true, null), hint("select 1 /* SHARDED: PRIMARY */"));
        assertEquals(new SqlHint(null, null, "42", true, null), hint("select 1 -- sharded: key = 42 primary\n"));
        assertEquals(new SqlHint(null, null, "a b,'c", false, null), hint("select 1 /* sharded: key='a b,''c' */"));
        assertEquals(new SqlHint("s2", null, null, true, null),
                hint("/* sharded: shard=s2 */ select 1 /* sharded: primary */"));
        assertEquals(new SqlHint(null, null, "7", false, "eventual"),
                hint("select 1 /* sharded: key=7 consistency=Eventual */"));
        assertEquals(new SqlHint(null, null, null, false, "read-your-writes"),
                hint("select 1 /* sharded: consistency=read-your-writes */"));
    }

    @Test
    void unknownConsistencyLevelsAreErrors() {
        StatementPlan plan = analyzer.analyze("select 1 /* sharded: consistency=linearizable */");
        assertNull(plan.hint());
        assertTrue(plan.hintError().contains("eventual, read-your-writes, session, causal, strong"), plan::toString);
    }

    @Test
    void noHintWithoutTheComment() {
        StatementPlan plan = analyzer.analyze("select '/* sharded: key=1 */', \"-- sharded: key=2\" from t");
        assertNull(plan.hint());
        assertNull(plan.hintError());
        assertNull(analyzer.analyze("select 1 /* not sharded: key=1 */").hint());
    }

    @Test
    void worksOnUnparseableSql() {
        StatementPlan plan = analyzer.analyze("frobnicate the widgets /* sharded: shard=s3 */");
        assertEquals(StatementKind.UNPARSEABLE, plan.kind());
        assertEquals(new SqlHint("s3", null, null, false, null), plan.hint());
    }

    @Test
    void contradictionsAreErrors() {
        assertTrue(error("select 1 /* sharded: key=1 */ /* sharded: key=2 */").contains("two values for 'key'"));
        assertTrue(error("select 1 /* sharded: shard=s1 key=2 */").contains("shard=s1"));
        assertTrue(error("select 1 /* sharded: keyspace=user */").contains("needs a key"));
        assertTrue(error("select 1 /* sharded: color=red */").contains("unknown hint item 'color'"));
        assertTrue(error("select 1 /* sharded: key= */").contains("no value"));
        assertTrue(error("select 1 /* sharded: key='abc */").contains("unterminated"));
        assertTrue(error("select 1 /* sharded: */").contains("empty"));
        assertTrue(error("select 1 /* sharded: primary=no */").contains("primary"));
    }
}
