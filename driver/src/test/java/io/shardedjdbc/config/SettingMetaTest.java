package io.shardedjdbc.config;

import org.junit.jupiter.api.Test;

import java.sql.DriverPropertyInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keeps the settings enum usable as the single source of parsing, property info and documentation. */
class SettingMetaTest {
    @Test
    void settingsAreSortedByKey() {
        List<String> keys = new ArrayList<>();
        for (Setting s : Setting.values()) {
            keys.add(s.key());
        }
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        assertEquals(sorted, keys);
    }

    @Test
    void everySettingIsDescribedAndItsDefaultIsValid() {
        for (Setting s : Setting.values()) {
            assertFalse(s.description() == null || s.description().isBlank(), s.key());
            assertTrue(s.description().endsWith("."), s.key() + ": descriptions are sentences");
            assertSame(s, Setting.byKey(s.key()));
            if (s.defaultValue() != null) {
                assertNull(s.problem(s.defaultValue()), s.key());
            }
            assertEquals(s.kind() == Setting.Kind.CHOICE, !s.allowedValues().isEmpty(), s.key());
        }
    }

    @Test
    void everySettingIsAllowedInTheFile() {
        for (Setting s : Setting.values()) {
            assertTrue(TopologyFileParser.topLevelKeys().contains(s.key()), s.key());
        }
    }

    @Test
    void scatterChoicesMatchThePolicyEnum() {
        for (String v : Setting.SCATTER.allowedValues()) {
            assertEquals(v, ScatterPolicy.fromYaml(v).name().toLowerCase());
        }
        assertEquals(ScatterPolicy.values().length, Setting.SCATTER.allowedValues().size());
    }

    @Test
    void markdownTableHasOneRowPerSetting() {
        String table = SettingsDoc.markdownTable();
        String[] lines = table.split("\n");
        assertEquals(Setting.values().length + 2, lines.length);
        for (Setting s : Setting.values()) {
            assertTrue(table.contains("| `" + s.key() + "` |"), s.key());
            assertTrue(table.contains(s.description()), s.key());
        }
        assertTrue(table.contains("`eventual`, `read-your-writes`, `session`, `causal`, `strong`"));
    }

    @Test
    void propertyInfoReportsDefaultsChoicesAndCurrentValues() throws Exception {
        Properties info = new Properties();
        info.setProperty("scatter", "warn");
        ShardedUrl url = ShardedUrl.parse("jdbc:sharded:file:a.yaml?scatter=allow&consistency=causal");
        DriverPropertyInfo[] props = DriverProperties.propertyInfo(url, info);

        assertEquals(Setting.values().length, props.length);
        for (int i = 0; i < props.length; i++) {
            Setting s = Setting.values()[i];
            assertEquals(s.key(), props[i].name);
            assertTrue(props[i].description.startsWith(s.description()), s.key());
            assertFalse(props[i].required);
        }
        DriverPropertyInfo scatter = props[Setting.SCATTER.ordinal()];
        assertEquals("warn", scatter.value, "properties win over the URL");
        assertArrayEquals(new String[] {"allow", "warn", "deny"}, scatter.choices);
        assertEquals("causal", props[Setting.CONSISTENCY.ordinal()].value);
        assertEquals("2048", props[Setting.PLAN_CACHE_SIZE.ordinal()].value);
        assertNull(props[Setting.PLAN_CACHE_SIZE.ordinal()].choices);

        DriverPropertyInfo[] bare = DriverProperties.propertyInfo(null);
        assertEquals("read-your-writes", bare[Setting.CONSISTENCY.ordinal()].value);
        assertNull(bare[Setting.USER.ordinal()].value);
    }

    @Test
    void closestNameToleratesTyposButNotStrangers() {
        assertEquals("primary", ClosestName.of("primay", List.of("name", "primary", "replicas")));
        assertEquals("replicas", ClosestName.of("Replicas", List.of("name", "primary", "replicas")));
        assertEquals("virtualNodes", ClosestName.of("virutalNodes", List.of("algorithm", "virtualNodes")));
        assertNull(ClosestName.of("colour", List.of("name", "primary", "replicas")));
        assertEquals(1, ClosestName.distance("ab", "ba"));
        assertEquals(3, ClosestName.distance("", "abc"));
    }
}
