package io.shardedjdbc.itest.scatter;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One query of the corpus: run on the sharded fleet and on the reference server, results compared.
 *
 * @param id     stable within one seed, e.g. {@code ORDER-07}
 * @param params bound with {@code setObject} in order; empty: run as a plain {@link java.sql.Statement}
 */
record OracleQuery(String id, Category category, Ordering ordering, String sql, List<Object> params) {

    OracleQuery {
        params = List.copyOf(params);
    }

    String describe() {
        return id + " [" + ordering + "] " + sql + (params.isEmpty() ? "" : "  params " + params.stream()
                .map(p -> p instanceof Object[] array ? Arrays.toString(array) : String.valueOf(p))
                .collect(Collectors.joining(", ", "(", ")")));
    }
}
