package io.shardedjdbc.itest.fleet;

/** What every node of one local fleet shares: binaries, OS user and the database credentials. */
record LocalServerSettings(PostgresBinaries binaries, ServerUser serverUser, String user, String password,
                           String database) {
}
