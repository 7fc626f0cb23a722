package io.shardedjdbc;

import io.shardedjdbc.config.SettingsDoc;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's settings and SQLSTATE tables are the ones the code renders: they cannot drift apart. */
class ReadmeTablesTest {
    private static String section(String readme, String name) {
        String begin = "<!-- " + name + ":begin -->\n";
        String end = "<!-- " + name + ":end -->";
        int from = readme.indexOf(begin);
        int to = readme.indexOf(end);
        assertTrue(from >= 0 && to > from, "README.md lacks the " + name + " markers");
        return readme.substring(from + begin.length(), to);
    }

    private static String readme() throws IOException {
        // Surefire runs in the module directory; the README is at the repository root.
        return Files.readString(Path.of("..", "README.md"));
    }

    @Test
    void settingsTableMatchesTheSettingEnum() throws IOException {
        assertEquals(SettingsDoc.markdownTable(), section(readme(), "settings"),
                "regenerate the README settings table from SettingsDoc.markdownTable()");
    }

    @Test
    void sqlStateTableMatchesTheSqlStateEnum() throws IOException {
        assertEquals(SqlState.markdownTable(), section(readme(), "sqlstates"),
                "regenerate the README SQLSTATE table from SqlState.markdownTable()");
    }
}
