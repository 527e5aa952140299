package io.multiprocessing4j;

import io.multiprocessing4j.connection.Pipe;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.internal.Contexts;
import io.multiprocessing4j.internal.ProcessIdentity;
import io.multiprocessing4j.internal.shm.Futex;
import io.multiprocessing4j.internal.spawn.SpawnContext;
import io.multiprocessing4j.internal.thread.ThreadContext;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.process.ProcessInfo;
import io.multiprocessing4j.spi.ContextProvider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The module-level functions of Python's {@code multiprocessing}: the entry point of the library.
 *
 * <p>{@link #context()} is the default context ({@code spawn}, or the name in the system property
 * {@code mp4j.context}); the factories here ({@link #process(SerializableRunnable)}, ...) use it, as
 * Python's module functions use the default context. All methods are thread-safe.
 */
public final class Multiprocessing {
    /** One instance per context name. Held here, the facade, so no internal package depends on every context. */
    private static final Map<String, MpContext> BY_NAME = new ConcurrentHashMap<>();

    private Multiprocessing() {
    }

    /** @return the number of CPUs this JVM may use, like {@code os.cpu_count()} */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** @return the process this code runs in: {@code MainProcess} or a child's name and pid */
    public static ProcessInfo currentProcess() {
        return ProcessIdentity.current();
    }

    /** @return the process that started this one, empty in the program's own JVM */
    public static Optional<ProcessInfo> parentProcess() {
        return ProcessIdentity.parent();
    }

    /**
     * The calling process's authentication key: Python's {@code current_process().authkey}. In the
     * program's own JVM it is 32 random bytes made on first use; in a child it is the key its
     * {@link ChildProcess} had (by default the parent's own, so the whole tree shares one key);
     * in a thread-context child it belongs to that child's threads. Pass it to
     * {@code Listener.bind}, {@code Client.connect} or {@code Manager.listen}/{@code connect} where
     * Python would use it by default.
     *
     * @return a copy of the key
     */
    public static byte[] authkey() {
        return ProcessIdentity.authkey();
    }

    /**
     * Replaces the calling process's key (Python's {@code current_process().authkey = key}); children
     * created afterwards inherit the new one.
     *
     * @param key the key, at least one byte; copied
     * @throws IllegalArgumentException if {@code key} is empty
     */
    public static void authkey(byte[] key) {
        ProcessIdentity.authkey(key);
    }

    /** @return the live children started from any context of this process */
    public static List<ChildProcess> activeChildren() {
        return Contexts.activeChildren();
    }

    /** @return the default context: {@code spawn} unless {@code -Dmp4j.context=thread} says otherwise */
    public static MpContext context() {
        return context(System.getProperty("mp4j.context", Contexts.SPAWN));
    }

    /**
     * The context of that name.
     *
     * @param name {@code "spawn"}, {@code "thread"}, or a context from another module such as
     *     {@code "cluster"} (found with {@link ContextProvider})
     * @return the context, the same instance on every call
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static MpContext context(String name) {
        if (name == null) {
            throw new NullPointerException("context name is null; use one of " + Contexts.names());
        }
        return switch (name) {
            case Contexts.SPAWN -> BY_NAME.computeIfAbsent(Contexts.SPAWN, n -> new SpawnContext());
            case Contexts.THREAD -> BY_NAME.computeIfAbsent(Contexts.THREAD, n -> new ThreadContext());
            default -> {
                MpContext found = BY_NAME.get(name);
                if (found != null) {
                    yield found;
                }
                ContextProvider provider = provider(name);
                if (provider == null) {
                    throw new IllegalArgumentException("unknown context '" + name + "'; known contexts: "
                            + contextNames() + (name.equals("cluster")
                            ? " (the cluster context comes with the multiprocessing4j-cluster module: put it on the class path)"
                            : ""));
                }
                yield BY_NAME.computeIfAbsent(name, n -> provider.create());
            }
        };
    }

    /**
     * Turns on lifecycle logging to {@code System.err}: Python's {@code log_to_stderr(level)}.
     * From then on the library's lifecycle lines at or above {@code level} (worker started, with
     * its name, pid, role and start-up time; spare handed off; task failed; worker crashed, with
     * the cause; worker recycled; task past its deadline; pool closed) are printed as
     * {@code [LEVEL/process name] message}. Routine lines are {@code DEBUG}, crashes and overdue
     * tasks {@code WARNING}. Without this call the same lines go to {@link #getLogger()}, a
     * {@code System.Logger}, where SLF4J, Log4j or JUL bridges pick them up. Thread-safe.
     *
     * @param level the lowest level to print; {@code Level.OFF} or {@code null} turns it off again
     */
    public static void logToStderr(System.Logger.Level level) {
        io.multiprocessing4j.internal.log.Lifecycle.logToStderr(level);
    }

    /**
     * The library's logger, {@code io.multiprocessing4j}: Python's {@code get_logger()}. Configure
     * it in your logging framework (the JDK's {@code System.LoggerFinder} routes it there).
     *
     * @return the logger the lifecycle lines go to
     */
    public static System.Logger getLogger() {
        return io.multiprocessing4j.internal.log.Lifecycle.logger();
    }

    /** @return the names {@link #context(String)} accepts: the built-in ones and those of every {@link ContextProvider} found */
    public static Set<String> contextNames() {
        Set<String> names = Contexts.names();
        for (ContextProvider p : providers()) {
            names.add(p.name());
        }
        return names;
    }

    private static ContextProvider provider(String name) {
        for (ContextProvider p : providers()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** Providers visible to this module's loader and to the caller's context class loader. */
    private static List<ContextProvider> providers() {
        List<ContextProvider> all = new java.util.ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        List<ServiceLoader<ContextProvider>> loaders = new java.util.ArrayList<>();
        loaders.add(ServiceLoader.load(ContextProvider.class, Multiprocessing.class.getClassLoader()));
        if (tccl != null && tccl != Multiprocessing.class.getClassLoader()) {
            loaders.add(ServiceLoader.load(ContextProvider.class, tccl));
        }
        for (ServiceLoader<ContextProvider> sl : loaders) {
            for (ContextProvider p : sl) {
                String n = p.name();
                if (!n.equals(Contexts.SPAWN) && !n.equals(Contexts.THREAD) && seen.add(n)) {
                    all.add(p);
                }
            }
        }
        return all;
    }

    /**
     * Creates an unstarted child process in the default context.
     *
     * @param target what the child runs
     * @return the unstarted process
     * @see MpContext#process(SerializableRunnable)
     */
    public static ChildProcess process(SerializableRunnable target) {
        return context().process(target);
    }

    /**
     * Creates an unstarted child process in the default context that runs {@code target.accept(argument)}.
     *
     * @param target what the child runs
     * @param argument its argument
     * @param <A> the argument type
     * @return the unstarted process
     */
    public static <A> ChildProcess process(SerializableConsumer<A> target, A argument) {
        return context().process(target, argument);
    }

    /**
     * Starts a pool of {@code workers} workers in the default context: Python's {@code Pool(n)}.
     *
     * @param workers the number of workers, at least 1
     * @return the running pool
     */
    public static Pool pool(int workers) {
        return context().pool(workers);
    }

    /**
     * Starts a manager in the default context: Python's {@code multiprocessing.Manager()}.
     *
     * @return the running manager; close it to stop the server
     */
    public static io.multiprocessing4j.manager.Manager manager() {
        return context().manager();
    }

    /**
     * Opens a pipe in the default context: Python's {@code multiprocessing.Pipe(duplex)}.
     *
     * @param duplex {@code true} for a two-way pipe; a one-way pipe's left end only receives
     * @return the two ends
     * @see MpContext#pipe(boolean)
     */
    public static Pipe pipe(boolean duplex) {
        return context().pipe(duplex);
    }

    /**
     * Opens a two-way pipe in the default context: Python's {@code multiprocessing.Pipe()}.
     *
     * @return the two ends
     */
    public static Pipe pipe() {
        return pipe(true);
    }

    /**
     * What this machine and JVM offer the library: the native futex, the shared-memory directory,
     * the contexts, what the spawn context lacks here. What {@code mp4j info} prints. Each call looks again (a provider module may
     * have appeared on the context class loader); thread-safe.
     *
     * @return a snapshot of the platform
     */
    public static Platform platform() {
        boolean futex;
        try {
            futex = Futex.isNative();
        } catch (LinkageError | RuntimeException e) {
            futex = false; // no native access: waits fall back to polling
        }
        var here = io.multiprocessing4j.internal.spawn.Platform.current();
        Path dir = here.shmDir();
        return new Platform(cpuCount(), futex, dir, Files.isDirectory(dir) && Files.isWritable(dir), contextNames(),
                here.missing());
    }
}
