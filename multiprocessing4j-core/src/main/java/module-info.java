/**
 * multiprocessing4j: Python's {@code multiprocessing} for the JVM.
 *
 * <p>Start at {@link io.multiprocessing4j.Multiprocessing}. Everything under
 * {@code io.multiprocessing4j.internal} is implementation and may change without notice.
 */
module io.multiprocessing4j {
    requires jdk.net; // TCP keep-alive timers for connections to other machines
    requires java.management; // the JVM's command-line -D options, which workers inherit

    uses io.multiprocessing4j.spi.DashboardProvider; // Pool.builder().dashboard(port), when that module is present
    requires java.logging; // a worker's java.util.logging records are forwarded to the parent
    requires jdk.jfr; // lifecycle events for Flight Recorder and Mission Control (no cost when not recording)

    uses io.multiprocessing4j.spi.ContextProvider; // contexts from other modules: multiprocessing4j-cluster
    // the implementations behind the public sync, shared, queue and connection classes, which name no internal type
    uses io.multiprocessing4j.spi.LocalBackends;
    provides io.multiprocessing4j.spi.LocalBackends with io.multiprocessing4j.internal.backends.LocalBackendsProvider;

    exports io.multiprocessing4j;
    exports io.multiprocessing4j.connection;
    exports io.multiprocessing4j.function;
    exports io.multiprocessing4j.pool;
    exports io.multiprocessing4j.manager;
    exports io.multiprocessing4j.process;
    exports io.multiprocessing4j.shared;
    exports io.multiprocessing4j.queue;
    exports io.multiprocessing4j.spi;
    exports io.multiprocessing4j.sync;
    // JUL instantiates the worker's configuration class and log forwarder by reflection
    exports io.multiprocessing4j.internal.log to java.logging;
}
