package io.multiprocessing4j.spi;

import io.multiprocessing4j.MpContext;

/**
 * A context that lives in another module, found with {@link java.util.ServiceLoader}: how
 * {@code Multiprocessing.context("cluster")} finds the {@code multiprocessing4j-cluster} module when
 * it is on the class path or module path, while the core depends on nothing.
 *
 * <p>Register an implementation in {@code META-INF/services/io.multiprocessing4j.spi.ContextProvider}
 * (class path) or with {@code provides} (module path). It needs a public no-argument constructor.
 * {@link #create()} is called at most once per name and per process, on the first lookup; the
 * instance it returns must be thread-safe.
 */
public interface ContextProvider {

    /** @return the context's name, for example {@code "cluster"}; not {@code "spawn"} or {@code "thread"} */
    String name();

    /**
     * Creates the context. It may start or join machinery (a cluster) lazily, on first use.
     *
     * @return the context
     */
    MpContext create();
}
