package io.shardedjdbc.sql;

/**
 * A {@code set_config(name, value, is_local)} call of a statement, its arguments as literals or JDBC parameters, so
 * that the logical connection can remember what the call sets and put it on its other physical connections.
 */
public record SetConfigCall(Argument name, Argument value, Argument local) {

    /**
     * @param literal   the literal's value ({@code true}/{@code false} for a boolean word), when not a parameter
     * @param parameter the JDBC parameter (1-based) whose bound value is the argument, or 0 for a literal
     */
    public record Argument(String literal, int parameter) {
    }
}
