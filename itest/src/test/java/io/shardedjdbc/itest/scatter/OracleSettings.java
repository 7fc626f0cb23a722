package io.shardedjdbc.itest.scatter;

import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;

/** The oracle's system properties: {@code oracle.seed} and {@code oracle.mustMatch}. */
final class OracleSettings {
    static final String SEED = "oracle.seed";
    static final String MUST_MATCH = "oracle.mustMatch";
    /** Categories the driver answers today; widen as cross-shard reads gain merge features. */
    static final String DEFAULT_MUST_MATCH = "SINGLE,PLAIN,ORDER,GROUP,HAVING,DISTINCT,COUNT_DISTINCT,IN_LIST,PREPARED,BROADCAST_JOIN";

    private OracleSettings() {
    }

    /** The given seed, or a fresh one: every run without a seed explores other data and queries. */
    static long seed(String property) {
        if (property == null || property.isBlank()) {
            return new SecureRandom().nextLong();
        }
        try {
            return Long.parseLong(property.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED + " must be a long, got '" + property + "'", e);
        }
    }

    /** Comma-separated category names; unknown names and MUST_REFUSE are mistakes, not silently ignored. */
    static Set<Category> mustMatch(String property) {
        Set<Category> categories = EnumSet.noneOf(Category.class);
        if (property == null) {
            return categories;
        }
        for (String name : property.split(",")) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            Category category;
            try {
                category = Category.valueOf(trimmed.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(MUST_MATCH + ": unknown category '" + trimmed + "' (known: "
                        + java.util.Arrays.toString(Category.values()) + ")", e);
            }
            if (category == Category.MUST_REFUSE) {
                throw new IllegalArgumentException(MUST_MATCH + " cannot contain MUST_REFUSE: those queries must be refused");
            }
            categories.add(category);
        }
        return categories;
    }
}
