package io.multiprocessing4j.spi;

import java.util.ServiceLoader;

/**
 * Holds the provider of {@link LocalBackends} (initialization-on-demand: the class is initialized,
 * and the service path read, the first time {@code LocalBackends.get()} runs).
 *
 * <p>Implementation notes. A worker JVM starts without touching this class: deserializing a lock
 * or value resolves its backend class by name, so only the creation of a new object pays for the
 * lookup, once. Only the provider defined by this module's class loader and module is accepted, so
 * that a jar on the class path cannot substitute the shared-memory implementation; {@code stream()}
 * inspects provider types without instantiating the others. On the module path the core declares
 * {@code uses} and {@code provides}; on the class path and in a merged ("fat") jar the service file
 * {@code META-INF/services/io.multiprocessing4j.spi.LocalBackends} names the provider.
 */
final class LocalBackendsLookup {
    static final LocalBackends PROVIDER = find();

    private LocalBackendsLookup() {
    }

    private static LocalBackends find() {
        Module module = LocalBackends.class.getModule();
        ClassLoader loader = LocalBackends.class.getClassLoader();
        return ServiceLoader.load(LocalBackends.class, loader).stream()
                .filter(p -> p.type().getModule() == module && p.type().getClassLoader() == loader)
                .findFirst()
                .map(ServiceLoader.Provider::get)
                .orElseThrow(() -> new IllegalStateException("multiprocessing4j's shared-memory implementation was not"
                        + " found: META-INF/services/" + LocalBackends.class.getName() + " is missing from its jar (a"
                        + " fat jar must merge service files, e.g. the shade plugin's ServicesResourceTransformer)"));
    }
}
