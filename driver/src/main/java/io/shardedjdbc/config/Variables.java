package io.shardedjdbc.config;

/**
 * Where {@code ${NAME}} references in the topology file get their values. An interface rather than direct
 * {@code System.getenv} calls so tests can substitute from a map: the environment of a running JVM cannot be
 * changed.
 */
@FunctionalInterface
interface Variables {
    /** @return the value of the variable, or null when it is not set */
    String value(String name);

    /**
     * A JVM system property of that exact name, else the environment variable. Properties come first because
     * {@code -D} is the one way to override an inherited environment without changing the process that starts
     * the JVM.
     */
    static Variables system() {
        return firstOf(System::getProperty, System::getenv);
    }

    static Variables firstOf(Variables first, Variables second) {
        return name -> {
            String value = first.value(name);
            return value != null ? value : second.value(name);
        };
    }
}
