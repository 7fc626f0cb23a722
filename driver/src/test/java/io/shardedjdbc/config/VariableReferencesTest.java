package io.shardedjdbc.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expansion of one written value, with the variables given as a map. */
class VariableReferencesTest {
    private static final Variables VARIABLES = Map.of(
            "DB_PASSWORD", "s3cret",
            "HOST", "db.internal",
            "PORT", "6432",
            "EMPTY", "",
            "db.user_2", "app")::get;

    private static String expand(String written) throws VariableReferences.Problem {
        return VariableReferences.expand(written, VARIABLES);
    }

    private static String problem(String written) {
        return assertThrows(VariableReferences.Problem.class, () -> expand(written)).getMessage();
    }

    @Test
    void referenceTakesTheVariablesValue() throws Exception {
        assertEquals("s3cret", expand("${DB_PASSWORD}"));
        assertEquals("app", expand("${db.user_2}"), "dots, digits and underscores after the first character");
    }

    @Test
    void defaultIsUsedWhenTheVariableIsUnsetOrEmpty() throws Exception {
        assertEquals("localhost", expand("${UNSET:-localhost}"));
        assertEquals("localhost", expand("${EMPTY:-localhost}"), "as the shell's ${X:-default}");
        assertEquals("db.internal", expand("${HOST:-localhost}"), "a set variable wins over its default");
        assertEquals("a:-b }", expand("${UNSET:-a:-b }}"), "the default runs to the first '}'");
    }

    @Test
    void defaultMayBeEmpty() throws Exception {
        assertEquals("", expand("${UNSET:-}"));
        assertEquals("jdbc:postgresql://h/db", expand("jdbc:postgresql://h/db${UNSET:-}"));
    }

    @Test
    void setButEmptyVariableWithoutDefaultIsEmpty() throws Exception {
        assertEquals("", expand("${EMPTY}"));
    }

    @Test
    void textAndSeveralReferencesMix() throws Exception {
        assertEquals("postgresql://db.internal:6432/db", expand("postgresql://${HOST:-localhost}:${PORT}/db"));
        assertEquals("postgresql://localhost:6432/db", expand("postgresql://${NO_HOST:-localhost}:${PORT}/db"));
        assertEquals("6432db.internal", expand("${PORT}${HOST}"));
    }

    @Test
    void doubledDollarEscapesAReference() throws Exception {
        assertEquals("${DB_PASSWORD}", expand("$${DB_PASSWORD}"));
        assertEquals("x${HOST}y db.internal", expand("x$${HOST}y ${HOST}"));
        assertEquals("${UNCLOSED", expand("$${UNCLOSED"), "an escape is no reference: nothing to close");
    }

    @Test
    void otherDollarsStayAsWritten() throws Exception {
        assertEquals("pa$$word$", expand("pa$$word$"));
        assertEquals("$HOST {HOST} $ {HOST}", expand("$HOST {HOST} $ {HOST}"));
        assertFalse(VariableReferences.present("pa$$word {x}"));
        assertTrue(VariableReferences.present("$${x}"));
    }

    @Test
    void unsetVariableWithoutDefaultNamesItAndNoValue() {
        String message = problem("postgresql://${HOST}:${PORT}/${DB_NAME}?password=${DB_PASSWORD}");
        assertTrue(message.contains("variable DB_NAME is not set"), message);
        assertTrue(message.contains("${DB_NAME:-default}"), message);
        for (String value : new String[] {"s3cret", "db.internal", "6432"}) {
            assertFalse(message.contains(value), () -> "'" + value + "' leaked into: " + message);
        }
    }

    @Test
    void malformedReferencesAreRefused() {
        assertTrue(problem("abc${HOST").contains("character 4 is not closed"), problem("abc${HOST"));
        assertTrue(problem("${}").contains("empty reference"), problem("${}"));
        assertTrue(problem("${:-x}").contains("names no variable"), problem("${:-x}"));
        assertTrue(problem("${9LIVES}").contains("'${9' is not a valid reference"), problem("${9LIVES}"));
        assertTrue(problem("${.x}").contains("'${.' is not a valid reference"), problem("${.x}"));
        assertTrue(problem("${MY VAR}").contains("'${MY ' is not a valid reference"), problem("${MY VAR}"));
        assertTrue(problem("${HOST-x}").contains("a default is written ${NAME:-default}"), problem("${HOST-x}"));
        assertTrue(problem("${A:-${B}}").contains("references do not nest"), problem("${A:-${B}}"));
    }

    @Test
    void malformedReferenceDoesNotEchoWhatFollowsTheName() {
        String message = problem("${DB_PASSWORD:hunter2}");
        assertTrue(message.contains("'${DB_PASSWORD:'"), message);
        assertFalse(message.contains("hunter2"), message);
        assertFalse(problem("${A:-hunter2${B}}").contains("hunter2"));
    }

    @Test
    void systemPropertyWinsOverTheEnvironment() {
        Variables properties = Map.of("DB_PASSWORD", "from-property")::get;
        Variables environment = Map.of("DB_PASSWORD", "from-env", "DB_USER", "env-user")::get;
        Variables lookup = Variables.firstOf(properties, environment);
        assertEquals("from-property", lookup.value("DB_PASSWORD"));
        assertEquals("env-user", lookup.value("DB_USER"), "the environment when no property has the name");
        assertNull(lookup.value("NEITHER"));
    }

    @Test
    void systemLookupReadsJvmPropertiesBeforeTheRealEnvironment() {
        String name = "shardedjdbc.test.variable";
        assertNull(Variables.system().value(name));
        System.setProperty(name, "from-property");
        try {
            assertEquals("from-property", Variables.system().value(name));
        } finally {
            System.clearProperty(name);
        }
        String inherited = System.getenv().keySet().stream().filter(n -> n.matches("[A-Za-z_][A-Za-z0-9_]*"))
                .sorted().findFirst().orElse(null);
        if (inherited != null && System.getProperty(inherited) == null) {
            assertEquals(System.getenv(inherited), Variables.system().value(inherited));
            System.setProperty(inherited, "from-property");
            try {
                assertEquals("from-property", Variables.system().value(inherited));
            } finally {
                System.clearProperty(inherited);
            }
        }
    }
}
