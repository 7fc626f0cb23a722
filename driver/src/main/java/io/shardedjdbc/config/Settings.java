package io.shardedjdbc.config;

import java.util.EnumMap;
import java.util.Map;

/** Values of the top-level settings after file, URL and Properties are merged; unset ones read as defaults. */
public final class Settings {
    private final Map<Setting, String> values;

    public Settings(Map<Setting, String> values) {
        this.values = values.isEmpty() ? new EnumMap<>(Setting.class) : new EnumMap<>(values);
    }

    public String get(Setting s) {
        String v = values.get(s);
        return v != null ? v : s.defaultValue();
    }

    public int getInt(Setting s) {
        return Integer.parseInt(get(s));
    }

    public ScatterPolicy scatter() {
        return ScatterPolicy.fromYaml(get(Setting.SCATTER));
    }

    /** @return a copy with one more value set */
    public Settings with(Setting s, String value) {
        EnumMap<Setting, String> copy = new EnumMap<>(Setting.class);
        copy.putAll(values);
        copy.put(s, value);
        return new Settings(copy);
    }

    /** Settings end up in logs: secret values are left out. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Settings{");
        for (Map.Entry<Setting, String> e : values.entrySet()) {
            sb.append(sb.length() == 9 ? "" : ", ").append(e.getKey().key()).append('=')
                    .append(e.getKey().secret() ? "***" : e.getValue());
        }
        return sb.append('}').toString();
    }
}
