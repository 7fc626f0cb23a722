package io.shardedjdbc.sql;

/**
 * Turns SQL text into a {@link StatementPlan}, once per distinct text: plans are cached (bounded, approximate LRU)
 * so that executing a known statement costs one map lookup. Thread-safe.
 */
public final class StatementAnalyzer {
    private final TableCatalog catalog;
    private final PlanCache cache;
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

    /** @return how many plans the cache holds now */
    public int cachedPlanCount() {
        return cache.size();
    }
}
