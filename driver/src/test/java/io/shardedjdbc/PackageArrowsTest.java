package io.shardedjdbc;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package arrows API -> jdbc -> exec -> route/node/merge -> sql/placement/config, read from the main
 * sources' imports and inline fully-qualified names (no bytecode, no ArchUnit: the text is what people edit).
 */
class PackageArrowsTest {
    private static final String BASE = "io.shardedjdbc";
    private static final String ROOT = "root";
    private static final Set<String> BOTTOM = Set.of("sql", "placement", "config");

    /** Which top-level packages each may use besides itself; root may use anything and is not listed. */
    private static final Map<String, Set<String>> MAY_USE = Map.of(
            "jdbc", Set.of("exec", "route", "node", "merge", "sql", "placement", "config"),
            "exec", Set.of("route", "node", "merge", "sql", "placement", "config"),
            "route", BOTTOM,
            "node", BOTTOM,
            "merge", BOTTOM,
            "sql", Set.of("config", "placement"),
            "config", Set.of("placement"),
            "placement", Set.of());

    /** Root types every inner package may use: the SQLSTATE catalogue and a public value type. */
    private static final Set<String> ROOT_TYPES_FOR_ALL = Set.of("SqlState", "NodeStatus");
    /** jdbc's logical connection implements the API interface, so jdbc alone may also name it. */
    private static final Map<String, Set<String>> ROOT_TYPES_EXTRA = Map.of("jdbc", Set.of("ShardedConnection"));

    private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+([\\w.]+)\\s*;");
    // Not preceded by a name character or dot, so foo.io.shardedjdbc is not ours; a trailing .* is a wildcard import.
    private static final Pattern REFERENCE =
            Pattern.compile("(?<![\\w$.])io\\.shardedjdbc((?:\\.[A-Za-z_$][\\w$]*)*)(\\.\\*)?");

    /** One use of an internal name: the name down to its top-level type, that type's top-level package. */
    record Use(String name, String area, String type) {}

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() throws IOException {
        // Surefire runs in the driver module directory.
        Path sources = Path.of("src/main/java");
        assertTrue(Files.isDirectory(sources), "no source directory " + sources.toAbsolutePath());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no .java files under " + sources.toAbsolutePath());

        List<String> violations = new ArrayList<>();
        int uses = 0;
        for (Path file : files) {
            String source = Files.readString(file);
            uses += uses(source).size();
            violations.addAll(violations(sources.relativize(file).toString().replace('\\', '/'), source));
        }
        // A scanner that sees nothing would pass everything.
        assertTrue(uses > 0, "found no io.shardedjdbc names in " + files.size() + " files: the scanner is blind");
        assertTrue(violations.isEmpty(),
                violations.size() + " package arrow violation(s):\n" + String.join("\n", violations));
    }

    @Test
    void scannerSeesImportsAndInlineNamesButNotCommentsOrLiterals() {
        String source = String.join("\n",
                "/* header: io.shardedjdbc.ShardedDriver */",
                "package io.shardedjdbc.route;",
                "import io.shardedjdbc.sql.StatementPlan;",
                "import static io.shardedjdbc.SqlState.INVALID_ARGUMENT;",
                "class Sample {",
                "    // io.shardedjdbc.exec.Cluster in a line comment",
                "    /** {@link io.shardedjdbc.ShardHints} in javadoc */",
                // An unclosed /* inside a string must not start a comment that swallows the code below.
                "    String s = \"io.shardedjdbc.ShardedDataSource /* not a comment\";",
                "    char quote = '\"';",
                "    io.shardedjdbc.jdbc.LogicalConnection inline;",
                "    io.shardedjdbc.route.Router.Inner samePackage;",
                "    String block = \"\"\"",
                "        io.shardedjdbc.merge.RowMerger \"quoted\" in a text block",
                "        \"\"\";",
                "    /* io.shardedjdbc.node.Node */ int x;",
                "}");
        assertEquals(List.of("io.shardedjdbc.sql.StatementPlan", "io.shardedjdbc.SqlState",
                        "io.shardedjdbc.jdbc.LogicalConnection", "io.shardedjdbc.route.Router"),
                uses(source).stream().map(Use::name).toList());
        assertEquals(List.of("Sample.java: uses io.shardedjdbc.jdbc.LogicalConnection (pkg route may not use pkg jdbc)"),
                violations("Sample.java", source));

        // A subpackage belongs to its top-level package; a root wildcard import hides what it uses, so it is refused.
        String codegen = "package io.shardedjdbc.jdbc.codegen; import io.shardedjdbc.jdbc.Wrappers;"
                + " import io.shardedjdbc.ShardedConnection; class G {}";
        assertEquals(List.of(), violations("G.java", codegen));
        assertEquals(List.of("W.java: uses io.shardedjdbc.* (pkg sql may not use pkg root)"),
                violations("W.java", "package io.shardedjdbc.sql; import io.shardedjdbc.*; class W {}"));
    }

    /** Every violation in one file, each once, in order of first appearance. */
    static List<String> violations(String file, String source) {
        String code = withoutCommentsAndLiterals(source);
        Matcher pkg = PACKAGE.matcher(code);
        if (!pkg.find()) {
            return List.of(file + ": has no package declaration");
        }
        String from = area(pkg.group(1));
        if (from.equals(ROOT)) {
            return List.of();
        }
        if (!MAY_USE.containsKey(from)) {
            return List.of(file + ": package " + pkg.group(1) + " has no place in the arrows (add it to MAY_USE)");
        }
        Set<String> found = new LinkedHashSet<>();
        for (Use use : uses(source)) {
            if (!allowed(from, use)) {
                found.add(file + ": uses " + use.name() + " (pkg " + from + " may not use pkg " + use.area() + ")");
            }
        }
        return List.copyOf(found);
    }

    private static boolean allowed(String from, Use use) {
        if (use.area().equals(from)) {
            return true;
        }
        if (use.area().equals(ROOT)) {
            return ROOT_TYPES_FOR_ALL.contains(use.type())
                    || ROOT_TYPES_EXTRA.getOrDefault(from, Set.of()).contains(use.type());
        }
        return MAY_USE.get(from).contains(use.area());
    }

    /** The internal names a source uses after its package declaration, each once, in order. */
    static List<Use> uses(String source) {
        String code = withoutCommentsAndLiterals(source);
        Matcher pkg = PACKAGE.matcher(code);
        int start = pkg.find() ? pkg.end() : 0;
        Set<Use> found = new LinkedHashSet<>();
        Matcher ref = REFERENCE.matcher(code);
        ref.region(start, code.length());
        while (ref.find()) {
            List<String> segments = ref.group(1).isEmpty() ? List.of() : List.of(ref.group(1).substring(1).split("\\."));
            boolean wildcard = ref.group(2) != null;
            // Packages are lower case, types capitalised: cut the name after its first type (drops members, nested types).
            int type = 0;
            while (type < segments.size() && !Character.isUpperCase(segments.get(type).charAt(0))) {
                type++;
            }
            String javaPackage = String.join(".", Stream.concat(Stream.of(BASE), segments.subList(0, type).stream()).toList());
            if (type < segments.size()) {
                found.add(new Use(javaPackage + "." + segments.get(type), area(javaPackage), segments.get(type)));
            } else if (wildcard) {
                found.add(new Use(javaPackage + ".*", area(javaPackage), "*"));
            }
        }
        return List.copyOf(found);
    }

    /** The top-level package under io.shardedjdbc ("root" for io.shardedjdbc itself), or the package as is outside it. */
    private static String area(String javaPackage) {
        if (javaPackage.equals(BASE)) {
            return ROOT;
        }
        if (javaPackage.startsWith(BASE + ".")) {
            return javaPackage.substring(BASE.length() + 1).split("\\.")[0];
        }
        return javaPackage;
    }

    /**
     * The source with comments, string and char literals and text blocks replaced by a space, in one pass so that
     * a quote inside a comment or a comment opener inside a string is read as what it is. Unicode escapes are not read.
     */
    static String withoutCommentsAndLiterals(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            int end;
            if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                end = i + 3;
                while (end < n && !source.startsWith("\"\"\"", end)) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 3);
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                end = i + 1;
                while (end < n && source.charAt(end) != quote && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 1);
            } else {
                code.append(source.charAt(i++));
                continue;
            }
            code.append(' ');
            i = end;
        }
        return code.toString();
    }
}
