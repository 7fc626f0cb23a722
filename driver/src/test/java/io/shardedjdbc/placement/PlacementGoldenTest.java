package io.shardedjdbc.placement;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shard choices of every algorithm against owners that PostgreSQL computed in plain SQL from the contract's
 * wording (golden.sql): ring over 4 and 3 shards with 4096 virtual nodes, a 12-point ring where many keys
 * wrap past the largest point, jump over 3, 4 and 5 shards, modulo over 3 and 4 shards.
 */
class PlacementGoldenTest {

    private static final Map<String, Placement> CASES = loadCases();

    private static Map<String, Placement> loadCases() {
        Map<String, Placement> cases = new HashMap<>();
        for (String[] row : GoldenCsv.rows("cases.csv")) {
            List<String> names = Arrays.asList(row[1].substring(1, row[1].length() - 1).split(","));
            Algorithm algorithm = Algorithm.fromYaml(row[2]);
            int virtualNodes = row[3].isEmpty() ? 4096 : Integer.parseInt(row[3]);
            try {
                cases.put(row[0], Placement.create(names, algorithm, virtualNodes, null, null));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return cases;
    }

    @Test
    void bigintKeysLandWherePostgresSays() throws SQLException {
        Set<String> cases = new HashSet<>();
        for (String[] row : GoldenCsv.rows("choice-bigint.csv")) {
            Placement placement = CASES.get(row[0]);
            KeyspacePlacement keyspace = placement.keyspace("user", KeyType.BIGINT, Map.of());
            long key = Long.parseLong(row[1]);
            String message = row[0] + " key " + key;
            assertEquals(row[2], placement.shardName(keyspace.shardOfLong(key)), message);
            assertEquals(row[2], placement.shardName(keyspace.shardOf(key)), message);
            assertEquals(row[2], placement.shardName(keyspace.shardOf(row[1])), message);
            cases.add(row[0]);
        }
        assertEquals(CASES.keySet(), cases);
    }

    @Test
    void textKeysLandWherePostgresSays() throws SQLException {
        Set<String> cases = new HashSet<>();
        for (String[] row : GoldenCsv.rows("choice-text.csv")) {
            Placement placement = CASES.get(row[0]);
            KeyspacePlacement keyspace = placement.keyspace("tenant", KeyType.TEXT, null);
            String key = GoldenCsv.utf8(row[1]);
            assertEquals(row[2], placement.shardName(keyspace.shardOf(key)), () -> row[0] + " key '" + key + "'");
            cases.add(row[0]);
        }
        assertEquals(CASES.keySet(), cases);
    }

    @Test
    void uuidKeysLandWherePostgresSays() throws SQLException {
        Set<String> cases = new HashSet<>();
        for (String[] row : GoldenCsv.rows("choice-uuid.csv")) {
            Placement placement = CASES.get(row[0]);
            KeyspacePlacement keyspace = placement.keyspace("order", KeyType.UUID, null);
            String message = row[0] + " key " + row[1];
            assertEquals(row[2], placement.shardName(keyspace.shardOf(UUID.fromString(row[1]))), message);
            assertEquals(row[2], placement.shardName(keyspace.shardOf(row[1].toUpperCase())), message);
            cases.add(row[0]);
        }
        assertEquals(CASES.keySet(), cases);
    }

    @Test
    void everyShardOfEveryCaseIsChosenSomewhere() throws SQLException {
        for (Map.Entry<String, Placement> entry : CASES.entrySet()) {
            Placement placement = entry.getValue();
            Set<String> chosen = new HashSet<>();
            for (String[] row : GoldenCsv.rows("choice-bigint.csv")) {
                if (row[0].equals(entry.getKey())) {
                    chosen.add(row[2]);
                }
            }
            assertEquals(new HashSet<>(placement.shardNames()), chosen, entry.getKey());
        }
        assertTrue(CASES.size() >= 8);
    }
}
