package io.shardedjdbc.config;

import java.sql.DriverPropertyInfo;
import java.util.Properties;

/** Builds {@code Driver.getPropertyInfo} answers from {@link Setting}. */
public final class DriverProperties {
    private DriverProperties() {
    }

    /** @param info the caller's properties (may be null): their values are reported as current values */
    public static DriverPropertyInfo[] propertyInfo(Properties info) {
        return propertyInfo(null, info);
    }

    /**
     * @param url  a parsed URL whose query parameters count as current values (properties win, as in connect);
     *             may be null
     * @param info the caller's properties; may be null
     */
    public static DriverPropertyInfo[] propertyInfo(ShardedUrl url, Properties info) {
        Setting[] settings = Setting.values();
        DriverPropertyInfo[] result = new DriverPropertyInfo[settings.length];
        for (int i = 0; i < settings.length; i++) {
            Setting s = settings[i];
            String value = info == null ? null : info.getProperty(s.key());
            if (value == null && url != null) {
                value = url.parameters().get(s.key());
            }
            DriverPropertyInfo p = new DriverPropertyInfo(s.key(), value != null ? value : s.defaultValue());
            p.description = s.description() + (s.defaultValue() == null ? "" : " Default: " + s.defaultValue() + ".")
                    + " Overrides the topology file's value.";
            p.required = false;
            p.choices = s.allowedValues().isEmpty() ? null : s.allowedValues().toArray(new String[0]);
            result[i] = p;
        }
        return result;
    }
}
