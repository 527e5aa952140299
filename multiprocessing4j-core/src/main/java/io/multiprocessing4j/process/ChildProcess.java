package io.multiprocessing4j.process;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * A child process running one target: Python's {@code multiprocessing.Process}.
 *
 * <p>Obtain one from a context ({@code ctx.process(() -> work())} or
 * {@code ctx.process(arg -> work(arg), arg)}), set its options, then {@link #start()} it. In the
 * {@code spawn} context the target runs in a worker JVM; in the {@code thread} context on a thread
 * of this JVM, with the same API ({@code multiprocessing.dummy}).
 *
 * <p><b>Lifecycle.</b> Options ({@link #name(String)}, {@link #daemon(boolean)},
 * {@link #jvmOptions(List)}, {@link #environment(Map)}, {@link #authkey(byte[])}) may only be set
 * before {@code start()}.
 * {@code start()} may be called once. {@link #join()} waits for the end; {@link #exitCode()} is then
 * known, in Python's convention (see {@link ExitCodes}): {@code 0} when the target returned, {@code 1}
 * when it threw (its stack trace goes to the child's stderr), the status it passed to
 * {@code System.exit}, or {@code -N} when signal {@code N} killed it.
 *
 * <p><b>Daemon children</b> are killed when this JVM exits. A JVM does not exit while a non-daemon
 * child is alive (as Python joins its non-daemonic children at exit). Either kind dies with its
 * parent when the parent is killed outright, so no orphan is left behind.
 *
 * <p><b>Thread-safety.</b> All methods may be called from any thread of the process that created it.
 * A {@code ChildProcess} is a handle in its creating process only; it is not serializable.
 */
public interface ChildProcess extends AutoCloseable {

    /**
     * Sets the name, which the child sees as {@code Multiprocessing.currentProcess().name()}.
     * Defaults to {@code Process-N}.
     *
     * @param name a non-blank name
     * @return this
     * @throws IllegalStateException after {@code start()}
     */
    ChildProcess name(String name);

    /** @return the process's name */
    String name();

    /**
     * Marks the child as a daemon: it is killed when this JVM exits, and it does not keep this JVM
     * alive. The default is {@code false}.
     *
     * @param daemon whether the child is a daemon
     * @return this
     * @throws IllegalStateException after {@code start()}
     */
    ChildProcess daemon(boolean daemon);

    /** @return whether the child is a daemon */
    boolean isDaemon();

    /**
     * Sets extra options for the child JVM, such as {@code -Xmx256m}. Ignored in the
     * {@code thread} context.
     *
     * @param options JVM options, one per element
     * @return this
     * @throws IllegalStateException after {@code start()}
     */
    ChildProcess jvmOptions(List<String> options);

    /**
     * Same as {@link #jvmOptions(List)}.
     *
     * @param options JVM options
     * @return this
     */
    default ChildProcess jvmOptions(String... options) {
        return jvmOptions(List.of(options));
    }

    /**
     * Adds environment variables for the child, on top of this process's environment. Ignored in the
     * {@code thread} context.
     *
     * @param variables names and values
     * @return this
     * @throws IllegalStateException after {@code start()}
     */
    ChildProcess environment(Map<String, String> variables);

    /**
     * The child's authentication key: Python's {@code Process.authkey}. A new child takes a copy of
     * its creator's key ({@code Multiprocessing.authkey()}) when it is created, so every process of
     * a program shares one key unless one is set; inside the child, {@code Multiprocessing.authkey()}
     * returns it, and the children it creates inherit it in turn. Pool workers inherit their pool
     * owner's key. The library's own worker connections use separate per-worker secrets; this key is
     * for the program's own {@code Listener}, {@code Client} and {@code Manager.listen}/{@code connect}
     * (Python uses it as their default authkey; here it is passed explicitly).
     *
     * @return a copy of the key (32 random bytes unless a key was set)
     * @throws UnsupportedOperationException in a context whose children carry no key (the cluster's)
     */
    default byte[] authkey() {
        throw new UnsupportedOperationException("this context's processes carry no authkey;"
                + " Multiprocessing.authkey() is the calling process's own");
    }

    /**
     * Sets the key the child will have: Python's {@code p.authkey = key} before {@code start()}.
     *
     * @param key the key, at least one byte; copied
     * @return this
     * @throws IllegalStateException after {@code start()}
     * @throws IllegalArgumentException if {@code key} is empty
     * @throws UnsupportedOperationException in a context whose children cannot carry a key
     */
    default ChildProcess authkey(byte[] key) {
        throw new UnsupportedOperationException("this context's processes cannot be given an authkey");
    }

    /**
     * Starts the child and returns once its process exists, as CPython's {@code start()} does: in
     * the spawn context the target is handed over when the worker JVM has booted (at once, from a
     * warm spare), so several children started in a row boot side by side. A target or argument
     * that cannot be serialized fails here, in the caller's thread, before any process starts, with
     * the path of the offending field. A worker that dies while it boots is reported by its exit
     * code and its stderr.
     *
     * @return this
     * @throws IllegalStateException if already started
     * @throws io.multiprocessing4j.spi.SerializationException if the target or its argument cannot be serialized
     */
    ChildProcess start();

    /**
     * Waits until the child ends: its target has returned or thrown, its shutdown hooks have run
     * and its output has been copied, and {@link #exitCode()} is known. In the spawn context the
     * worker says so over its pipe, and this returns without waiting for the worker JVM's own
     * teardown: its pid may stay in the system's process table a few milliseconds longer.
     *
     * @throws IllegalStateException if the child was not started
     * @throws InterruptedException if this thread is interrupted while waiting
     */
    void join() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for the child to end.
     *
     * @param timeout how long to wait; zero or negative checks without waiting
     * @return {@code true} if the child has ended
     * @throws IllegalStateException if the child was not started
     * @throws InterruptedException if this thread is interrupted while waiting
     */
    boolean join(Duration timeout) throws InterruptedException;

    /** @return {@code true} between {@code start()} and the child's end */
    boolean isAlive();

    /**
     * The exit code once the child has ended, in Python's convention (see {@link ExitCodes}).
     *
     * @return the exit code
     * @throws IllegalStateException if the child was not started or is still running (Python's
     *     {@code exitcode} is {@code None} then; see {@link #exitCodeIfDone()})
     */
    int exitCode();

    /** @return the exit code if the child has ended, empty while it runs or before it starts */
    OptionalInt exitCodeIfDone();

    /**
     * The child's operating-system process id ({@code ProcessHandle.current().pid()} in the thread
     * context).
     *
     * @return the pid
     * @throws IllegalStateException if the child was not started
     */
    long pid();

    /**
     * Asks the child to stop: SIGTERM, so the child's shutdown hooks run; its exit code becomes
     * {@code -15}. In the thread context the thread is interrupted. Does nothing if it has ended.
     */
    void terminate();

    /** Kills the child at once with SIGKILL; its exit code becomes {@code -9}. */
    void kill();

    /** @return a future completed with this handle when the child ends */
    CompletableFuture<ChildProcess> onExit();

    /**
     * Releases the handle's resources, like Python's {@code Process.close()}.
     *
     * @throws IllegalStateException if the child is still running
     */
    @Override
    void close();

    /**
     * Where this child's time went, from {@code start()} to the end of {@code join()}, once it has
     * ended normally through its worker (see {@link StartupTimeline}).
     *
     * @return the timeline; empty before the end, in the thread context, and when the child was
     *         killed or called {@code System.exit} itself
     */
    default java.util.Optional<StartupTimeline> startupTimeline() {
        return java.util.Optional.empty();
    }
}
