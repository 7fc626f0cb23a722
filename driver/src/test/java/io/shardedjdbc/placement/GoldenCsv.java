package io.shardedjdbc.placement;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads the golden vector files that golden.sql wrote with PostgreSQL's {@code \copy ... CSV HEADER}. */
final class GoldenCsv {

    private GoldenCsv() {
    }

    /** Data rows of a resource next to this class, header skipped. */
    static List<String[]> rows(String resource) {
        InputStream in = GoldenCsv.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + resource);
        }
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                rows.add(split(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("no rows in " + resource);
        }
        return rows;
    }

    /** One CSV line: fields may be double-quoted, with "" standing for a quote inside. */
    static String[] split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        fields.add(field.toString());
        return fields.toArray(new String[0]);
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static String utf8(String hex) {
        return new String(hex(hex), StandardCharsets.UTF_8);
    }
}
