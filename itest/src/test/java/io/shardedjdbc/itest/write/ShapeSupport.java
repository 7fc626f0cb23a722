package io.shardedjdbc.itest.write;

import io.shardedjdbc.itest.write.WriteStatement.Api;
import io.shardedjdbc.itest.write.WriteStatement.Expect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What the shape generators share: value choices, JDBC call choices and statement factories. */
final class ShapeSupport {
    static final Set<String> NO_KEY = Set.of("SJ002", "SJ008");
    static final Set<String> SJ002 = Set.of("SJ002");
    static final Set<String> SJ006 = Set.of("SJ006");
    static final Set<String> SJ012 = Set.of("SJ012");

    /**
     * Names with what a statement splitter must not cut at: quotes, a comma and parentheses, a question mark (not a
     * parameter inside a literal), non-ASCII letters.
     */
    private static final List<String> ODD_NAMES = List.of("O'Neil", "Zoë", "a), (b", "why?", "x,y", "", "semi;colon");

    private ShapeSupport() {
    }

    static String name(WriteModel m) {
        return m.chance(15) ? m.pick(ODD_NAMES) : "n" + m.rnd.nextInt(1000);
    }

    static String tag(WriteModel m) {
        return m.pick(WriteSchema.TAGS);
    }

    /** Notes are often code words, so that DELETE ... USING wd_codes finds rows. */
    static String note(WriteModel m) {
        return m.chance(50) ? m.pick(WriteSchema.CODE_WORDS) : "note" + m.rnd.nextInt(50);
    }

    static int qty(WriteModel m) {
        return m.rnd.nextInt(11);
    }

    static Api countApi(WriteModel m) {
        int r = m.rnd.nextInt(10);
        return r < 5 ? Api.UPDATE : r < 8 ? Api.EXECUTE : Api.LARGE_UPDATE;
    }

    static Api rowsApi(WriteModel m) {
        return m.chance(60) ? Api.QUERY : Api.EXECUTE;
    }

    static Api batchApi(WriteModel m, boolean prepared, boolean keysPossible) {
        int r = m.rnd.nextInt(10);
        if (prepared && keysPossible && r < 3) {
            return Api.BATCH_GENERATED_KEYS;
        }
        return r < 7 ? Api.BATCH : Api.LARGE_BATCH;
    }

    static WriteStatement run(Shape shape, String variant, SqlText text, Api api, boolean ordered) {
        return WriteStatement.single(shape, variant, text, api, Expect.RUN, Set.of(), ordered);
    }

    static WriteStatement fail(Shape shape, String variant, SqlText text, Api api) {
        return WriteStatement.single(shape, variant, text, api, Expect.FAIL, Set.of(), true);
    }

    static WriteStatement refuse(Shape shape, String variant, SqlText text, Api api, Set<String> states) {
        return WriteStatement.single(shape, variant, text, api, Expect.REFUSE, states, true);
    }

    static Param key(WriteModel m, long k) {
        return Param.key(k, m.rnd);
    }

    static Param integer(WriteModel m, int v) {
        return Param.integer(v, m.rnd);
    }

    static Param text(WriteModel m, String v) {
        return Param.text(v, m.rnd);
    }

    /** {@code IN (a, b, c)} with parameters or literals, or {@code = ANY(?)} with a Long[] or a java.sql.Array. */
    static String keyList(WriteModel m, SqlText t, String column, List<Long> keys) {
        if (t.prepared() && m.chance(50)) {
            boolean sqlArray = m.chance(50);
            t.sql(column + " = ANY(").val(Param.keyArray(keys.toArray(new Long[0]), sqlArray)).sql(")");
            return sqlArray ? "= ANY(createArrayOf)" : "= ANY(Long[])";
        }
        List<Param> ps = new ArrayList<>();
        keys.forEach(k -> ps.add(key(m, k)));
        t.sql(column + " IN (").vals(ps).sql(")");
        return t.prepared() ? "IN (?, ...)" : "IN (literals)";
    }
}
