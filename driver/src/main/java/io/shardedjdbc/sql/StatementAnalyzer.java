package io.shardedjdbc.sql;

/**
 * Turns SQL text into a {@link StatementPlan}, once per distinct text: plans are cached (bounded, approximate LRU)
 * so that executing a known statement costs one map lookup. Thread-safe.
 */
public final class StatementAnalyzer {
    private final TableCatalog catalog;
    private final PlanCache cache;
    /** Plans by literal shape, or {@link #UNSHARED}; null when plans are not cached at all. */
    private final PlanCache shapes;
    /** Built once: a capturing lambda per call would allocate on every prepareStatement. */
    private final java.util.function.Function<String, StatementPlan> analysis;

    /**
     * @param catalog   the topology's tables
     * @param cacheSize how many distinct SQL texts keep their plan; 0 analyses every call
     */
    public StatementAnalyzer(TableCatalog catalog, int cacheSize) {
        if (catalog == null) {
            throw new IllegalArgumentException("a table catalog is required");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cache size must be 0 or more, not " + cacheSize);
        }
        this.catalog = catalog;
        this.analysis = text -> Analysis.analyze(text, catalog);
        this.cache = new PlanCache(cacheSize);
        this.shapes = cacheSize == 0 ? null : new PlanCache(cacheSize);
    }

    /**
     * Never throws for bad SQL: a statement the parser rejects gets kind {@link StatementKind#UNPARSEABLE} with the
     * parser's message, and keeps its hint comment.
     */
    public StatementPlan analyze(String sql) {
        if (sql == null) {
            return Analysis.analyze(null, catalog);
        }
        return cache.get(sql, analysis);
    }

    /**
     * A statement's plan. A text seen before has its own; a text whose literal shape (see {@link LiteralShape})
     * has been analysed and shares its routing gets the shape's plan for this text, without parsing: statements that
     * differ only in literal values (tools and ORMs that render values into SQL, {@code UPDATE ... WHERE id = 42})
     * cost one lexer pass instead of a parse each. The first text of a shape is analysed twice, as itself and as its
     * shape, and the shape is shared only when both place it alike; otherwise each text of the shape is analysed as
     * itself, as before.
     */
    public StatementPlan analyzePlain(String sql) {
        if (sql == null || shapes == null) {
            return analyze(sql);
        }
        StatementPlan own = cache.peek(sql);
        if (own != null) {
            return own;
        }
        LiteralShape shape = LiteralShape.of(sql);
        if (shape == null) {
            return analyze(sql);
        }
        StatementPlan shared = shapes.peek(shape.text());
        if (shared == null) {
            StatementPlan text = analyze(sql);
            StatementPlan shaped = Analysis.analyze(shape.text(), catalog);
            shapes.get(shape.text(), k -> LiteralShape.sharesRouting(text, shaped, shape) ? shaped : UNSHARED);
            return text;
        }
        return shared == UNSHARED ? analyze(sql) : shared.forText(sql, shape);
    }

    /** Marks a shape whose texts are each analysed as themselves. */
    private static final StatementPlan UNSHARED = Analysis.analyze(null, table -> null); // compared by identity

    /**
     * Analyses a few statements of the common shapes on a daemon thread, outside the plan cache and against no tables.
     * Loading and initialising the parser's classes is most of what an application's first statement costs; started
     * when a data source or a cluster is created, it overlaps with the application's start-up, reading the topology
     * and opening the pools instead of adding to them. A statement analysed meanwhile waits at most for the class initialisation already under way. Once per JVM.
     *
     * @return the started thread, or null when an earlier call started one
     */
    public static Thread warmUpInBackground() {
        if (!WARM_UP_STARTED.compareAndSet(false, true)) {
            return null;
        }
        Thread thread = new Thread(StatementAnalyzer::warmUp, "sharded-jdbc-parser-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
        return thread;
    }

    private static void warmUp() {
        TableCatalog none = table -> null;
        try {
            for (String sql : WARM_UP) {
                Analysis.analyze(sql, none);
            }
        } catch (RuntimeException | LinkageError e) {
            // Only speed is lost: the first real statement loads what is missing and reports any real problem.
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARM_UP_STARTED =
            new java.util.concurrent.atomic.AtomicBoolean();

    /** Statements that take the parser through its common paths; parseable, or the warm-up would only load errors. */
    static final java.util.List<String> WARM_UP = java.util.List.of(
            "SELECT a, b FROM warm_up WHERE k = ? AND c IN (1, 2) ORDER BY a DESC LIMIT 10",
            "INSERT INTO warm_up (k, a) VALUES (?, 'x')",
            "UPDATE warm_up SET a = a + 1 WHERE k = ?",
            "DELETE FROM warm_up WHERE k = ?");

    /**
     * Analyses the text again, as the catalog is now (a column order or a partition learnt since), and keeps the new
     * plan in place of the cached one.
     */
    public StatementPlan reanalyze(String sql) {
        StatementPlan plan = Analysis.analyze(sql, catalog);
        cache.replace(sql, plan);
        return plan;
    }

    /** @return how many plans the cache holds now */
    public int cachedPlanCount() {
        return cache.size();
    }
}
