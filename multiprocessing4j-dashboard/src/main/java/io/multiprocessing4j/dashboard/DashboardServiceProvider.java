package io.multiprocessing4j.dashboard;

import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.spi.DashboardProvider;

/** What {@code Pool.builder().dashboard(port)} finds with {@link java.util.ServiceLoader}. Stateless. */
public final class DashboardServiceProvider implements DashboardProvider {
    /** For {@link java.util.ServiceLoader}. */
    public DashboardServiceProvider() {
    }

    @Override
    public String start(Pool pool, int port) {
        return Dashboard.start(pool, port).url();
    }
}
