package io.shardedjdbc.itest.write;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds one statement either with {@code ?} placeholders and parameters or with the same values as literals, so
 * every shape is written once and runs both prepared and plain.
 */
final class SqlText {
    private final boolean prepared;
    private final StringBuilder sql = new StringBuilder();
    private final List<Param> params = new ArrayList<>();

    SqlText(boolean prepared) {
        this.prepared = prepared;
    }

    SqlText sql(String text) {
        sql.append(text);
        return this;
    }

    SqlText val(Param p) {
        if (prepared) {
            sql.append('?');
            params.add(p);
        } else {
            sql.append(p.literal());
        }
        return this;
    }

    /** Values separated by ", ". */
    SqlText vals(List<Param> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            val(values.get(i));
        }
        return this;
    }

    boolean prepared() {
        return prepared;
    }

    String text() {
        return sql.toString();
    }

    List<Param> params() {
        return List.copyOf(params);
    }
}
