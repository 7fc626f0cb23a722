package io.shardedjdbc.itest.write;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Chooses the next step of the run from the seed and the reference's current contents: one auto-commit statement,
 * or a transaction confined to one shard (its statements, then COMMIT or ROLLBACK), which may end with a statement
 * the contract refuses inside a transaction.
 */
final class WriteCorpus {
    /** Share of steps that are transactions. */
    private static final int TRANSACTION_PERCENT = 12;
    /** Share of transactions that end with a statement the driver must refuse (then rolled back). */
    private static final int REFUSAL_ENDS_PERCENT = 30;
    private static final int PREPARED_PERCENT = 60;

    interface Generator {
        WriteStatement make(WriteModel m, boolean prepared);
    }

    private enum Effect { ADDS, REMOVES, KEEPS }

    private record Weighted(int weight, Effect effect, Generator generator) {
    }

    private static final List<Weighted> AUTO_COMMIT = List.of(
            new Weighted(6, Effect.ADDS, InsertShapes::insertOne),
            new Weighted(6, Effect.ADDS, InsertShapes::insertMulti),
            new Weighted(4, Effect.ADDS, InsertShapes::insertDoNothing),
            new Weighted(4, Effect.ADDS, InsertShapes::insertUpsert),
            new Weighted(4, Effect.ADDS, InsertShapes::insertReturning),
            new Weighted(5, Effect.ADDS, InsertShapes::insertGeneratedKeys),
            new Weighted(6, Effect.ADDS, InsertShapes::insertNoColumns),
            new Weighted(5, Effect.KEEPS, RefusalShapes::insertNoKey),
            new Weighted(4, Effect.ADDS, InsertShapes::insertSelectKey),
            new Weighted(3, Effect.KEEPS, RefusalShapes::insertSelectNoKey),
            new Weighted(5, Effect.KEEPS, ChangeShapes::updateByKey),
            new Weighted(4, Effect.REMOVES, ChangeShapes::deleteByKey),
            new Weighted(5, Effect.KEEPS, ChangeShapes::updateKeyList),
            new Weighted(4, Effect.REMOVES, ChangeShapes::deleteKeyList),
            new Weighted(4, Effect.REMOVES, ChangeShapes::keyless),
            new Weighted(3, Effect.KEEPS, RefusalShapes::keylessDeny),
            new Weighted(4, Effect.KEEPS, OtherShapes::broadcast),
            new Weighted(3, Effect.KEEPS, ChangeShapes::cteUpdate),
            new Weighted(3, Effect.KEEPS, ChangeShapes::updateFrom),
            new Weighted(2, Effect.REMOVES, ChangeShapes::deleteUsing),
            new Weighted(4, Effect.KEEPS, OtherShapes::failingOnOneShard),
            new Weighted(4, Effect.ADDS, OtherShapes::batchInsert),
            new Weighted(5, Effect.ADDS, OtherShapes::batchNoColumns),
            new Weighted(3, Effect.KEEPS, OtherShapes::batchUpdate));

    /** What may run inside a transaction that writes one shard: everything confined to the key's shard. */
    private static final List<Weighted> IN_TRANSACTION = List.of(
            new Weighted(5, Effect.ADDS, InsertShapes::insertOne),
            new Weighted(3, Effect.ADDS, InsertShapes::insertMulti),
            new Weighted(2, Effect.ADDS, InsertShapes::insertDoNothing),
            new Weighted(2, Effect.ADDS, InsertShapes::insertUpsert),
            new Weighted(2, Effect.ADDS, InsertShapes::insertReturning),
            new Weighted(2, Effect.ADDS, InsertShapes::insertGeneratedKeys),
            new Weighted(3, Effect.ADDS, InsertShapes::insertNoColumns),
            new Weighted(2, Effect.ADDS, InsertShapes::insertSelectKey),
            new Weighted(5, Effect.KEEPS, ChangeShapes::updateByKey),
            new Weighted(4, Effect.REMOVES, ChangeShapes::deleteByKey),
            new Weighted(3, Effect.KEEPS, ChangeShapes::updateKeyList),
            new Weighted(2, Effect.REMOVES, ChangeShapes::deleteKeyList),
            new Weighted(2, Effect.KEEPS, ChangeShapes::cteUpdate),
            new Weighted(2, Effect.KEEPS, ChangeShapes::updateFrom),
            new Weighted(1, Effect.REMOVES, ChangeShapes::deleteUsing),
            new Weighted(2, Effect.ADDS, OtherShapes::batchInsert),
            new Weighted(2, Effect.ADDS, OtherShapes::batchNoColumns),
            new Weighted(2, Effect.KEEPS, OtherShapes::batchUpdate));

    private static final List<Weighted> ENDING_REFUSALS = List.of(
            new Weighted(4, Effect.KEEPS, RefusalShapes::keyListCrossInTransaction),
            new Weighted(3, Effect.KEEPS, RefusalShapes::crossInTransaction),
            new Weighted(1, Effect.KEEPS, RefusalShapes::insertNoKey));

    private final Random rnd;
    private final KeyPool items;
    private final KeyPool locks;

    WriteCorpus(Random rnd, KeyPool items, KeyPool locks) {
        this.rnd = rnd;
        this.items = items;
        this.locks = locks;
    }

    /** @param statements one auto-commit statement, or a transaction's statements ending with TX_END */
    record Step(boolean transaction, List<WriteStatement> statements) {
    }

    Step next(TableSnapshot reference) {
        WriteModel m = new WriteModel(rnd, items, locks, reference);
        if (rnd.nextInt(100) >= TRANSACTION_PERCENT) {
            return new Step(false, List.of(one(m, AUTO_COMMIT)));
        }
        m.confine(rnd.nextInt(items.shards()));
        List<WriteStatement> statements = new ArrayList<>();
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            statements.add(one(m, IN_TRANSACTION));
        }
        boolean refusalEnds = rnd.nextInt(100) < REFUSAL_ENDS_PERCENT;
        if (refusalEnds) {
            statements.add(one(m, ENDING_REFUSALS));
        }
        statements.add(WriteStatement.transactionEnd(!refusalEnds && rnd.nextInt(100) < 70));
        return new Step(true, statements);
    }

    private WriteStatement one(WriteModel m, List<Weighted> from) {
        double fill = m.fill()[0];
        for (int attempt = 0; attempt < 100; attempt++) {
            Weighted w = pick(from, fill);
            WriteStatement s = w.generator().make(m, rnd.nextInt(100) < PREPARED_PERCENT);
            if (s != null) {
                return s;
            }
        }
        throw new IllegalStateException("no shape could be generated from the model (items " + m.items.size() + ")");
    }

    /**
     * Keeps wd_items near half its key pool, so inserts find fresh keys and deletes find rows; the shapes that choose
     * among tables keep the others there ({@link WriteModel#table}).
     */
    private Weighted pick(List<Weighted> from, double fill) {
        double total = 0;
        double[] weights = new double[from.size()];
        for (int i = 0; i < weights.length; i++) {
            Weighted w = from.get(i);
            double factor = w.effect() == Effect.REMOVES ? (fill > 0.55 ? 2.5 : fill < 0.3 ? 0.3 : 1)
                    : w.effect() == Effect.ADDS ? (fill > 0.6 ? 0.4 : 1) : 1;
            weights[i] = w.weight() * factor;
            total += weights[i];
        }
        double r = rnd.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return from.get(i);
            }
        }
        return from.get(from.size() - 1);
    }
}
