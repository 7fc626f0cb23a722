package io.shardedjdbc.itest.demo;

/**
 * The workload's operation types and how often each is picked (weights sum to 100). Reads are a social
 * application's: mostly other users' profiles and posts, which may be a moment old (eventual), and a user's own
 * profile after changing it, which must show the change (a consistency token kept in the user's session). The
 * broadcast reads keep the connection's default level, read-your-writes, to show what that costs on a pool.
 */
public enum Operation {
    READ_USER("read a user (eventual)", 20),
    READ_POST("read a post (eventual)", 20),
    READ_OWN("read own profile (token)", 10),
    READ_COUNTRY("read broadcast table", 8),
    UPDATE_USER("update user", 8),
    INSERT_POST("insert post", 10),
    INSERT_LIKE("insert like", 10),
    INSERT_COMMENT("insert comment", 8),
    MULTI_ROW_INSERT("multi-row insert (4)", 4),
    BATCH_INSERT("batch insert (5)", 2);

    private final String label;
    private final int weight;

    Operation(String label, int weight) {
        this.label = label;
        this.weight = weight;
    }

    public String label() {
        return label;
    }

    public int weight() {
        return weight;
    }

    private static final Operation[] BY_PERCENT = new Operation[100];

    static {
        int slot = 0;
        for (Operation op : values()) {
            for (int i = 0; i < op.weight; i++) {
                BY_PERCENT[slot++] = op;
            }
        }
        if (slot != BY_PERCENT.length) {
            throw new ExceptionInInitializerError("operation weights must sum to 100, they sum to " + slot);
        }
    }

    /** The operation for a uniformly drawn number in {@code 0..99}. */
    public static Operation forPercent(int percent) {
        return BY_PERCENT[percent];
    }
}
