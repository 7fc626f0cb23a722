package io.shardedjdbc.itest.scatter;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Collects queries and numbers them per category ({@code GROUP-03}). */
final class Corpus {
    private final List<OracleQuery> queries = new ArrayList<>();
    private final Map<Category, Integer> numbers = new EnumMap<>(Category.class);

    Corpus add(Category category, Ordering ordering, String sql, Object... params) {
        int n = numbers.merge(category, 1, Integer::sum);
        queries.add(new OracleQuery(String.format("%s-%02d", category, n), category, ordering, sql, List.of(params)));
        return this;
    }

    List<OracleQuery> queries() {
        return List.copyOf(queries);
    }
}
