package io.shardedjdbc.config;

/** Renders the settings reference for the README from {@link Setting}, so the two cannot drift apart. */
public final class SettingsDoc {
    private SettingsDoc() {
    }

    /** @return a Markdown table: one row per setting, in key order */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| Setting | Default | Allowed values | Description |\n");
        sb.append("|---|---|---|---|\n");
        for (Setting s : Setting.values()) {
            sb.append("| `").append(s.key()).append("` | ")
                    .append(s.defaultValue() == null ? "(none)" : "`" + s.defaultValue() + "`").append(" | ")
                    .append(allowed(s)).append(" | ")
                    .append(cell(s.description())).append(" |\n");
        }
        return sb.toString();
    }

    private static String allowed(Setting s) {
        switch (s.kind()) {
            case CHOICE:
                StringBuilder sb = new StringBuilder();
                for (String v : s.allowedValues()) {
                    sb.append(sb.length() == 0 ? "" : ", ").append('`').append(v).append('`');
                }
                return sb.toString();
            case POSITIVE_INT:
            case POSITIVE_LONG:
                return "integer >= 1";
            case NAME_LIST:
                return "function names, comma-separated";
            default:
                return "text";
        }
    }

    /** A pipe would end the table cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
