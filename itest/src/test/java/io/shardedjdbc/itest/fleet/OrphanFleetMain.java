package io.shardedjdbc.itest.fleet;

/**
 * Run in a separate JVM by {@link StaleFleetReaperTest}: starts a fleet, reports where it lives, then waits to
 * be killed -9 so that the fleet is left behind exactly as a crashed test JVM would leave it.
 */
public final class OrphanFleetMain {
    private OrphanFleetMain() {
    }

    public static void main(String[] args) throws Exception {
        LocalFleet fleet = LocalFleet.start(LocalFleetOptions.of(1, 1));
        LocalNode primary = (LocalNode) fleet.shard(0).primary();
        System.out.println("FLEET " + fleet.directory() + " " + primary.pid().orElseThrow() + " " + primary.port());
        System.out.flush();
        System.in.read(); // the parent never writes: this JVM ends by kill -9
    }
}
