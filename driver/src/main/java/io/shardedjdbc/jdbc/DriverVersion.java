package io.shardedjdbc.jdbc;

/** The driver's version, reported by Driver and DatabaseMetaData. */
public final class DriverVersion {
    public static final int MAJOR = 0;
    public static final int MINOR = 1;
    public static final String VERSION = MAJOR + "." + MINOR + ".0";

    private DriverVersion() {
    }
}
