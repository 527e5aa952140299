package io.multiprocessing4j.internal.process;

import io.multiprocessing4j.internal.Contexts;
import io.multiprocessing4j.process.ChildProcess;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lifecycle every {@link ChildProcess} shares, whatever runs it: options before start, a single
 * start, and an exit code published once through {@link #exited(int)}.
 *
 * <p>Implementation notes. State moves NEW → STARTED → ENDED (→ CLOSED). The exit code is the
 * completion value of {@code exit}, so {@code join}, {@code isAlive} and {@code onExit} all read
 * one source of truth and need no lock of their own.
 */
public abstract class AbstractChildProcess implements ChildProcess {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private enum State { NEW, STARTED, CLOSED }

    private volatile State state = State.NEW;
    private String name = "Process-" + COUNTER.incrementAndGet();
    private boolean daemon;
    private List<String> jvmOptions = List.of();
    private final Map<String, String> environment = new LinkedHashMap<>();
    /** Python copies the creator's key when the Process object is made, not at start(). */
    private volatile byte[] authkey = io.multiprocessing4j.internal.ProcessIdentity.authkey();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final CompletableFuture<ChildProcess> onExit = exit.thenApply(code -> this);

    private void requireNew(String what) {
        if (state != State.NEW) {
            throw new IllegalStateException("cannot set " + what + " of " + describe() + " after start()");
        }
    }

    protected String describe() {
        return "process '" + name + "'";
    }

    @Override
    public synchronized ChildProcess name(String newName) {
        requireNew("the name");
        if (newName == null || newName.isBlank()) {
            throw new IllegalArgumentException("name must be a non-blank string, got " + (newName == null ? "null" : "'" + newName + "'"));
        }
        this.name = newName;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized ChildProcess daemon(boolean isDaemon) {
        requireNew("the daemon flag");
        this.daemon = isDaemon;
        return this;
    }

    @Override
    public boolean isDaemon() {
        return daemon;
    }

    @Override
    public synchronized ChildProcess jvmOptions(List<String> options) {
        requireNew("JVM options");
        Objects.requireNonNull(options, "options");
        for (String o : options) {
            if (o == null || o.isBlank()) {
                throw new IllegalArgumentException("jvmOptions must not contain null or blank options: " + options);
            }
        }
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    protected List<String> jvmOptions() {
        return jvmOptions;
    }

    @Override
    public synchronized ChildProcess environment(Map<String, String> variables) {
        requireNew("the environment");
        Objects.requireNonNull(variables, "variables");
        variables.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("environment names and values must not be null: " + k + "=" + v);
            }
        });
        environment.putAll(variables);
        return this;
    }

    @Override
    public byte[] authkey() {
        return authkey.clone();
    }

    @Override
    public synchronized ChildProcess authkey(byte[] key) {
        requireNew("the authkey");
        this.authkey = io.multiprocessing4j.internal.ProcessIdentity.checkKey(key);
        return this;
    }

    protected Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    @Override
    public final ChildProcess start() {
        synchronized (this) {
            if (state == State.CLOSED) {
                throw new IllegalStateException(describe() + " is closed");
            }
            if (state != State.NEW) {
                throw new IllegalStateException("cannot start a process twice: " + describe() + " was already started");
            }
            doStart();
            state = State.STARTED;
        }
        Contexts.childStarted(this);
        exit.whenComplete((c, e) -> Contexts.childEnded(this));
        return this;
    }

    /** Starts the child; throws to leave the process unstarted. */
    protected abstract void doStart();

    /** Called exactly once, when the child has ended and its output has been copied. */
    protected final void exited(int exitCode) {
        exit.complete(exitCode);
    }

    protected final boolean started() {
        return state != State.NEW;
    }

    private void requireStarted(String what) {
        if (state == State.NEW) {
            throw new IllegalStateException("can only " + what + " a started process: call start() on " + describe() + " first");
        }
    }

    @Override
    public void join() throws InterruptedException {
        requireStarted("join");
        try {
            exit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        requireStarted("join");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            return exit.isDone();
        }
        try {
            exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public boolean isAlive() {
        return state == State.STARTED && !exit.isDone();
    }

    @Override
    public int exitCode() {
        requireStarted("read the exit code of");
        if (!exit.isDone()) {
            throw new IllegalStateException(describe() + " is still running, so it has no exit code yet;"
                    + " join() it first, or use exitCodeIfDone()");
        }
        return exit.join();
    }

    @Override
    public OptionalInt exitCodeIfDone() {
        return exit.isDone() ? OptionalInt.of(exit.join()) : OptionalInt.empty();
    }

    @Override
    public CompletableFuture<ChildProcess> onExit() {
        return onExit.copy();
    }

    @Override
    public long pid() {
        requireStarted("get the pid of");
        return doPid();
    }

    protected abstract long doPid();

    @Override
    public void terminate() {
        if (isAlive()) {
            doTerminate();
        }
    }

    @Override
    public void kill() {
        if (isAlive()) {
            doKill();
        }
    }

    protected abstract void doTerminate();

    protected abstract void doKill();

    @Override
    public synchronized void close() {
        if (isAlive()) {
            throw new IllegalStateException("cannot close " + describe() + ": it is still running; join(), terminate() or kill() it first");
        }
        state = State.CLOSED;
    }

    @Override
    public String toString() {
        String s = switch (state) {
            case NEW -> "initial";
            case CLOSED -> "closed";
            case STARTED -> exit.isDone() ? "stopped exitcode=" + exit.join() : "started";
        };
        return "<ChildProcess name='" + name + "' " + s + (daemon ? " daemon" : "") + ">";
    }
}
