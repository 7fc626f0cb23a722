package io.shardedjdbc.route;

import io.shardedjdbc.sql.LiteralShape;

import java.sql.SQLException;

/**
 * The parameters routing reads for a text placed by its literal shape's plan: a shape parameter that is a slot
 * holds the text's literal; one that is a {@code ?} of the text holds what the application bound to it. Nothing more
 * is bound on the server; the text with its literals is what runs.
 */
public final class LiteralValues implements ParameterSource {
    private final LiteralShape shape;
    private final ParameterSource bound;

    /** @param bound the text's own bound parameters ({@link ParameterSource#NONE} for a plain statement) */
    public LiteralValues(LiteralShape shape, ParameterSource bound) {
        this.shape = shape;
        this.bound = bound;
    }

    /** The text's own bound parameters. */
    public ParameterSource bound() {
        return bound;
    }

    @Override
    public boolean isLong(int index) {
        int own = shape.textParameter(index);
        return own == 0 ? shape.slotValue(index) instanceof Long : bound.isLong(own);
    }

    @Override
    public long longValue(int index) {
        int own = shape.textParameter(index);
        return own == 0 ? (Long) shape.slotValue(index) : bound.longValue(own);
    }

    @Override
    public Object value(int index) throws SQLException {
        int own = shape.textParameter(index);
        return own == 0 ? shape.slotValue(index) : bound.value(own);
    }
}
