package io.shardedjdbc.itest.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for one fleet's servers. Picked below Linux's ephemeral range (32768+) so that a node's port
 * is not taken by some client socket while the node is down between kill and start; another process can still
 * grab a port between the probe and the server's bind, which the fleet handles by retrying with another port.
 */
final class FreePorts {
    private static final int LOWEST = 20000;
    private static final int HIGHEST_EXCLUSIVE = 32768;
    private final Set<Integer> handedOut = new HashSet<>();

    synchronized int next() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST_EXCLUSIVE);
            if (!handedOut.contains(port) && isFree(port)) {
                handedOut.add(port);
                return port;
            }
        }
        throw new FleetException("found no free loopback port in " + LOWEST + ".." + (HIGHEST_EXCLUSIVE - 1));
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
