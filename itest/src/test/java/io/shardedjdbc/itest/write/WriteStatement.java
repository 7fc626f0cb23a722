package io.shardedjdbc.itest.write;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One statement of the corpus: its SQL (one text, or one per entry of a plain batch), its parameter rows (one, or one
 * per entry of a prepared batch, none for plain SQL), which JDBC call runs it and what the contract expects.
 *
 * @param refusals for {@link Expect#REFUSE}: the SQLSTATEs the driver may refuse it with
 * @param ordered  rows returned are compared in order (INSERT RETURNING, generated keys) rather than as a multiset
 */
record WriteStatement(int id, Shape shape, String variant, boolean prepared, Api api, List<String> sqls,
                      List<List<Param>> paramRows, Expect expect, Set<String> refusals, boolean ordered,
                      List<String> keyColumns, boolean inTransaction) {

    /** The JDBC call that runs the statement. */
    enum Api {
        UPDATE, LARGE_UPDATE, QUERY, EXECUTE, GENERATED_KEYS, GENERATED_KEY_COLUMNS,
        BATCH, LARGE_BATCH, BATCH_GENERATED_KEYS, COMMIT, ROLLBACK;

        boolean batch() {
            return this == BATCH || this == LARGE_BATCH || this == BATCH_GENERATED_KEYS;
        }
    }

    enum Expect {
        /** Runs on the reference, which succeeds: the driver must do what the reference did. */
        RUN,
        /** Runs on the reference, which fails on purpose: the driver must fail with its SQLSTATE and change nothing. */
        FAIL,
        /** Not run on the reference: the driver must refuse it with one of {@link #refusals()} and change nothing. */
        REFUSE
    }

    WriteStatement {
        sqls = List.copyOf(sqls);
        List<List<Param>> rows = new ArrayList<>();
        paramRows.forEach(r -> rows.add(List.copyOf(r)));
        paramRows = List.copyOf(rows);
        refusals = Set.copyOf(refusals);
        keyColumns = List.copyOf(keyColumns);
    }

    static WriteStatement single(Shape shape, String variant, SqlText text, Api api, Expect expect, Set<String> refusals,
                                 boolean ordered) {
        return new WriteStatement(0, shape, variant, text.prepared(), api, List.of(text.text()),
                text.prepared() ? List.of(text.params()) : List.of(), expect, refusals, ordered, List.of(), false);
    }

    /** Entries of a batch: prepared ones must share one SQL text, plain ones become Statement.addBatch strings. */
    static WriteStatement batch(Shape shape, String variant, List<SqlText> entries, Api api, Expect expect,
                                Set<String> refusals) {
        boolean prepared = entries.get(0).prepared();
        List<String> sqls = new ArrayList<>();
        List<List<Param>> rows = new ArrayList<>();
        for (SqlText e : entries) {
            if (prepared) {
                if (!e.text().equals(entries.get(0).text())) {
                    throw new IllegalArgumentException("prepared batch entries differ: " + e.text());
                }
                rows.add(e.params());
            } else {
                sqls.add(e.text());
            }
        }
        if (prepared) {
            sqls.add(entries.get(0).text());
        }
        return new WriteStatement(0, shape, variant, prepared, api, sqls, rows, expect, refusals, true, List.of(),
                false);
    }

    static WriteStatement transactionEnd(boolean commit) {
        return new WriteStatement(0, Shape.TX_END, commit ? "commit" : "rollback", false,
                commit ? Api.COMMIT : Api.ROLLBACK, List.of(), List.of(), Expect.RUN, Set.of(), true, List.of(), true);
    }

    WriteStatement withKeyColumns(List<String> columns) {
        return new WriteStatement(id, shape, variant, prepared, api, sqls, paramRows, expect, refusals, ordered, columns,
                inTransaction);
    }

    WriteStatement numbered(int number, boolean inTx) {
        return new WriteStatement(number, shape, variant, prepared, api, sqls, paramRows, expect, refusals, ordered,
                keyColumns, inTx);
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append('#').append(id).append(' ').append(shape).append(" [").append(variant).append(", ")
                .append(prepared ? "prepared" : "plain").append(", ").append(api.name().toLowerCase(java.util.Locale.ROOT))
                .append(inTransaction ? ", in transaction" : ", auto-commit");
        if (expect == Expect.REFUSE) {
            sb.append(", must be refused with ").append(refusals.stream().sorted().collect(Collectors.joining("/")));
        } else if (expect == Expect.FAIL) {
            sb.append(", fails on purpose");
        }
        sb.append("]");
        for (int i = 0; i < sqls.size(); i++) {
            sb.append("\n      ").append(sqls.size() > 1 ? "entry " + i + ": " : "").append(sqls.get(i));
        }
        for (int i = 0; i < paramRows.size(); i++) {
            sb.append("\n      ").append(paramRows.size() > 1 ? "entry " + i + " " : "").append("params ")
                    .append(paramRows.get(i).stream().map(Param::describe).collect(Collectors.joining(", ", "(", ")")));
        }
        return sb.toString();
    }
}
