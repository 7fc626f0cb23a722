package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

/**
 * The text form of per-shard WAL positions: {@code s0:16B374D8,s2:3000060} (shard name, a colon, the position in
 * hex; shards without a position left out). Names are URL-encoded, so a token travels in a link or a header as is.
 */
public final class ConsistencyToken {
    private ConsistencyToken() {
    }

    /** @param positions one per shard in topology order; 0 means none */
    public static String format(List<String> shardNames, long[] positions) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] != 0) {
                sb.append(sb.length() == 0 ? "" : ",")
                        .append(URLEncoder.encode(shardNames.get(i), StandardCharsets.UTF_8)).append(':')
                        .append(Long.toHexString(positions[i]).toUpperCase());
            }
        }
        return sb.toString();
    }

    /** @return one position per shard in topology order (0 where the token has none) */
    public static long[] parse(String token, List<String> shardNames) throws SQLException {
        long[] positions = new long[shardNames.size()];
        if (token == null || token.isBlank()) {
            return positions;
        }
        for (String item : token.strip().split(",", -1)) {
            int colon = item.lastIndexOf(':');
            if (colon <= 0 || colon == item.length() - 1) {
                throw invalid(token, "each item is shard:position, e.g. s0:16B374D8");
            }
            String name = URLDecoder.decode(item.substring(0, colon), StandardCharsets.UTF_8);
            int shard = shardNames.indexOf(name);
            if (shard < 0) {
                throw invalid(token, "shard '" + name + "' is not in this topology " + shardNames
                        + " (was the token made for another cluster?)");
            }
            try {
                positions[shard] = Math.max(positions[shard], Long.parseUnsignedLong(item.substring(colon + 1), 16));
            } catch (NumberFormatException e) {
                throw invalid(token, "'" + item.substring(colon + 1) + "' is not a hexadecimal WAL position");
            }
        }
        return positions;
    }

    private static SQLException invalid(String token, String why) {
        return SqlState.INVALID_ARGUMENT.exception("invalid consistency token '" + token + "': " + why);
    }
}
