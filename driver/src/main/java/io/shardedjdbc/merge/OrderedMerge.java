package io.shardedjdbc.merge;

import io.shardedjdbc.SqlState;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges parts that each arrive sorted by the ORDER BY into one sorted sequence, holding one row per part: the
 * smallest head is handed out, and only then is the next row pulled from the part it came from.
 */
final class OrderedMerge implements RowSource {
    /** A part's current first row. */
    private record Head(Object[] row, int part) {
    }

    private final OpenParts parts;
    private final Comparator<Object[]> order;
    private final PriorityQueue<Head> heads;
    /** The last row each part gave, to notice a part that is not sorted as this merge compares. */
    private final Object[][] previous;
    private final List<String> names;
    private boolean started;
    /** The part whose head was handed out last: it is pulled again only when the next row is asked for. */
    private int refill = -1;

    /** @param names each part's name for error messages (its shard) */
    OrderedMerge(OpenParts parts, Comparator<Object[]> order, List<String> names) {
        this.parts = parts;
        this.order = order;
        this.names = names;
        this.previous = new Object[parts.size()][];
        // Ties go to the lower part so that the merged order is repeatable.
        this.heads = new PriorityQueue<>(Math.max(1, parts.size()),
                (a, b) -> {
                    int c = order.compare(a.row, b.row);
                    return c != 0 ? c : Integer.compare(a.part, b.part);
                });
    }

    @Override
    public Object[] next() throws SQLException {
        if (!started) {
            started = true;
            for (int i = 0; i < parts.size(); i++) {
                pull(i);
            }
        } else if (refill >= 0) {
            int part = refill;
            refill = -1;
            pull(part);
        }
        Head head = heads.poll();
        if (head == null) {
            return null;
        }
        refill = head.part;
        return head.row;
    }

    private void pull(int part) throws SQLException {
        Object[] row = parts.next(part);
        if (row == null) {
            return;
        }
        if (previous[part] != null && order.compare(previous[part], row) > 0) {
            // Merging would silently misplace rows: typically text sorted by a collation other than "C".
            throw SqlState.CROSS_SHARD_READ.exception("cannot stream the merged rows: " + names.get(part)
                    + " returned its rows in an order the merge does not reproduce (text sort keys must sort as in"
                    + " the \"C\" collation): add COLLATE \"C\" to the ORDER BY, or read with fetch size 0 so the"
                    + " rows are sorted in memory");
        }
        previous[part] = row;
        heads.add(new Head(row, part));
    }

    @Override
    public void close() throws SQLException {
        heads.clear();
        refill = -1;
        parts.close();
    }
}
