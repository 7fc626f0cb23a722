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

    /** @return the value as a number, or -1 when the setting is unset and has no default */
    public long getLong(Setting s) {
        String v = get(s);
        return v == null ? -1 : Long.parseLong(v);
    }

    public Consistency consistency() {
        return Consistency.fromYaml(get(Setting.CONSISTENCY));
    }

    public ReplicaSelection replicaSelection() {
        return ReplicaSelection.fromYaml(get(Setting.REPLICA_SELECTION));
    }

    /** @return the extra writing functions, lower-case, without schema; empty when unset */
    public java.util.Set<String> writeFunctions() {
        String v = get(Setting.WRITE_FUNCTIONS);
        if (v == null) {
            return java.util.Set.of();
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String name : v.split(",")) {
            String bare = name.strip();
            names.add(bare.substring(bare.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT));
        }
        return java.util.Set.copyOf(names);
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
