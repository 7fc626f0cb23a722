package io.shardedjdbc;

import io.shardedjdbc.config.DriverProperties;
import io.shardedjdbc.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.DriverPropertyInfo;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Driver.getPropertyInfo reads the URL's settings (never the topology file) under the connection's properties. */
class ShardedDriverPropertyInfoTest {
    /** No such file: getPropertyInfo must not need it. */
    private static final String FILE = "jdbc:sharded:file:no-such-dir/shards.yaml";

    private final ShardedDriver driver = new ShardedDriver();

    private static String value(DriverPropertyInfo[] props, Setting s) {
        assertEquals(s.key(), props[s.ordinal()].name);
        return props[s.ordinal()].value;
    }

    @Test
    void urlSettingsAreCurrentValues() {
        DriverPropertyInfo[] props = driver.getPropertyInfo(FILE + "?scatter=allow&consistency=causal"
                + "&consistencyToken=s0%3A10&planCacheSize=64&pool.maximumPoolSize=3", null);

        assertEquals(Setting.values().length, props.length);
        assertEquals("allow", value(props, Setting.SCATTER));
        assertEquals("causal", value(props, Setting.CONSISTENCY));
        assertEquals("s0:10", value(props, Setting.CONSISTENCY_TOKEN));
        assertEquals("64", value(props, Setting.PLAN_CACHE_SIZE));
        assertEquals("10000", value(props, Setting.MAX_REPLICA_LAG), "unset: the default");
        assertNull(value(props, Setting.DEFAULT_SHARD));
        for (int i = 0; i < props.length; i++) {
            Setting s = Setting.values()[i];
            assertTrue(props[i].description.startsWith(s.description()), s.key());
            assertFalse(props[i].required, s.key());
            assertEquals(s.allowedValues().isEmpty(), props[i].choices == null, s.key());
        }
    }

    @Test
    void propertiesWinOverTheUrlAsInConnect() {
        Properties info = new Properties();
        info.setProperty("scatter", "warn");
        info.setProperty("consistencyToken", "s1:20");
        info.setProperty("user", "app");
        info.setProperty("someOtherDriversProperty", "x");
        DriverPropertyInfo[] props = driver.getPropertyInfo(FILE + "?scatter=allow&consistencyToken=s0:10"
                + "&user=url-user&monitorInterval=50", info);

        assertEquals("warn", value(props, Setting.SCATTER));
        assertEquals("s1:20", value(props, Setting.CONSISTENCY_TOKEN));
        assertEquals("app", value(props, Setting.USER));
        assertEquals("50", value(props, Setting.MONITOR_INTERVAL), "the URL still counts where info says nothing");
        assertEquals(Setting.values().length, props.length);
    }

    @Test
    void consistencyTokenIsListed() {
        DriverPropertyInfo[] props = driver.getPropertyInfo(FILE, new Properties());
        DriverPropertyInfo token = props[Setting.CONSISTENCY_TOKEN.ordinal()];
        assertEquals("consistencyToken", token.name);
        assertNull(token.value, "no default");
        assertNull(token.choices);
        assertFalse(token.required);
        assertNotNull(token.description);
        assertTrue(token.description.contains("ShardedConnection.consistencyToken()"), token.description);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
            "",
            "jdbc:postgresql://localhost/app?scatter=allow",
            "jdbc:sharded:shards.yaml?scatter=allow",
            "jdbc:sharded:file:a.yaml?scatter=sometimes",
            "jdbc:sharded:file:a.yaml?scatter=allow&consistncy=causal",
            "jdbc:sharded:file:a.yaml?scatter=allow&scatter=warn",
    })
    void foreignOrMalformedUrlsGiveTheAnswerForInfoAlone(String url) {
        Properties info = new Properties();
        info.setProperty("consistency", "strong");
        DriverPropertyInfo[] props = driver.getPropertyInfo(url, info);
        DriverPropertyInfo[] infoAlone = DriverProperties.propertyInfo(info);

        assertEquals(infoAlone.length, props.length);
        for (int i = 0; i < props.length; i++) {
            assertEquals(infoAlone[i].name, props[i].name);
            assertEquals(infoAlone[i].value, props[i].value, infoAlone[i].name);
        }
        assertEquals("deny", value(props, Setting.SCATTER), "nothing taken from a URL that does not parse");
        assertEquals("strong", value(props, Setting.CONSISTENCY));
        assertEquals("read-your-writes", value(driver.getPropertyInfo(url, null), Setting.CONSISTENCY));
    }
}
