package io.shardedjdbc.sql;

import io.shardedjdbc.config.TableSpec;
import java.util.Map;

/** The topology the analyzer tests use. */
final class TestCatalog {
    static final Map<String, TableSpec> TABLES = Map.of(
            "users", new TableSpec("users", "user_id", "user", false, null),
            "posts", new TableSpec("posts", "user_id", "user", false, null),
            "follows", new TableSpec("follows", "follower_id", "user", false, null),
            "likes", new TableSpec("likes", "post_id", "post", false, null),
            "comments", new TableSpec("comments", "post_id", "post", false, null),
            "countries", new TableSpec("countries", null, null, true, null));

    static final TableCatalog CATALOG = TABLES::get;

    private TestCatalog() {
    }

    /** Compact text of a key: ?1, any?1, 42, 'text', [a,b], - for none. */
    static String format(KeyExpr key) {
        if (key == null) {
            return "-";
        }
        if (key instanceof KeyExpr.Param p) {
            return "?" + p.index();
        }
        if (key instanceof KeyExpr.AnyArray a) {
            return "any?" + a.index();
        }
        if (key instanceof KeyExpr.Literal l) {
            return l.value() instanceof String s ? "'" + s + "'" : String.valueOf(l.value());
        }
        KeyExpr.InList in = (KeyExpr.InList) key;
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < in.items().size(); i++) {
            sb.append(i > 0 ? "," : "").append(format(in.items().get(i)));
        }
        return sb.append(']').toString();
    }
}
