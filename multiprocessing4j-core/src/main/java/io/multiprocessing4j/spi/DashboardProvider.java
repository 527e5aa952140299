package io.multiprocessing4j.spi;

import io.multiprocessing4j.pool.Pool;

/**
 * Starts a live dashboard for a pool: how {@code Pool.builder().dashboard(port)} finds the
 * {@code multiprocessing4j-dashboard} module without the core depending on it. Found with
 * {@link java.util.ServiceLoader}; implementations need a public no-argument constructor.
 */
public interface DashboardProvider {
    /**
     * Starts serving a page about {@code pool} on the loopback interface.
     *
     * @param pool the pool to show
     * @param port the TCP port, 0 for any free one
     * @return the page's address, with its access token
     */
    String start(Pool pool, int port);
}
