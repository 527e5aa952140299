package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.spi.DashboardProvider;

import java.util.Iterator;
import java.util.ServiceLoader;

/** Finds the dashboard module with {@link ServiceLoader}, so the core does not depend on it. */
public final class DashboardLauncher {
    private DashboardLauncher() {
    }

    /**
     * Starts the dashboard of {@code pool}.
     *
     * @return the page's address with its token
     * @throws IllegalStateException if the dashboard module is not on the class path
     */
    public static String start(Pool pool, int port) {
        Iterator<DashboardProvider> it = ServiceLoader.load(DashboardProvider.class, DashboardLauncher.class.getClassLoader())
                .iterator();
        if (!it.hasNext()) {
            it = ServiceLoader.load(DashboardProvider.class).iterator();
        }
        if (!it.hasNext()) {
            throw new IllegalStateException("Pool.builder().dashboard(port) needs the dashboard module: add the "
                    + "dependency io.multiprocessing4j:multiprocessing4j-dashboard to the class path (or module path)");
        }
        return it.next().start(pool, port);
    }
}
