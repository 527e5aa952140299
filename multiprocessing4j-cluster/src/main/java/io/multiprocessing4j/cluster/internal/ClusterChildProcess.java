package io.multiprocessing4j.cluster.internal;

import io.multiprocessing4j.internal.Contexts;
import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.process.ChildProcess;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.lang.IgniteFuture;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child process that is a job on one server node of the cluster.
 *
 * <p>Implementation notes. Nodes are chosen round-robin at {@code start()}; the job is pinned to
 * its node, so, as a process dies with its machine, a job whose node leaves ends with exit code
 * {@code -9} instead of moving. {@link #pid()} is {@code (node order << 32) | job number}: the
 * node's topology order (see {@code ClusterNode.order()}) and a number unique in this process;
 * {@link #node()} names the node. {@code kill} and {@code terminate} cancel the job, which
 * interrupts the thread running it. JVM options and environment variables cannot apply: the
 * nodes already run. Thread-safe.
 */
public final class ClusterChildProcess implements ChildProcess {
    private static final AtomicInteger JOBS = new AtomicInteger();
    private static final AtomicInteger NEXT_NODE = new AtomicInteger();

    private final Ignite ignite;
    private final Object target;
    private final Object argument;
    private final boolean consumer;
    private final CompletableFuture<ChildProcess> exit = new CompletableFuture<>();
    private static final AtomicInteger NAMES = new AtomicInteger();
    private volatile String name = "Process-" + NAMES.incrementAndGet();
    private volatile boolean closed;
    private volatile boolean daemon;
    private volatile IgniteFuture<byte[]> future;
    private volatile long pid = -1;
    private volatile ClusterNode node;
    private volatile int exitCode = Integer.MIN_VALUE;

    public ClusterChildProcess(Ignite ignite, Object target, Object argument, boolean consumer) {
        this.ignite = ignite;
        this.target = java.util.Objects.requireNonNull(target, "target");
        this.argument = argument;
        this.consumer = consumer;
    }

    @Override
    public ChildProcess name(String name) {
        java.util.Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name is blank; give the process a visible name");
        }
        requireNotStarted("name");
        this.name = name;
        return this;
    }

    private void requireNotStarted(String option) {
        if (future != null) {
            throw new IllegalStateException("cannot change " + option + " of " + name + ": it was already started");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChildProcess daemon(boolean daemon) {
        requireNotStarted("daemon");
        this.daemon = daemon;
        return this;
    }

    @Override
    public boolean isDaemon() {
        return daemon;
    }

    @Override
    public ChildProcess jvmOptions(List<String> options) {
        if (!options.isEmpty()) {
            throw new UnsupportedOperationException("jvmOptions do not apply in the cluster context: a process is a job "
                    + "on a running node; give nodes their options when starting them");
        }
        return this;
    }

    @Override
    public ChildProcess environment(Map<String, String> variables) {
        if (!variables.isEmpty()) {
            throw new UnsupportedOperationException("environment variables do not apply in the cluster context: a process "
                    + "is a job on a running node; pass values as the process argument");
        }
        return this;
    }

    @Override
    public synchronized ChildProcess start() {
        if (closed) {
            throw new IllegalStateException("process " + name + " is closed; create a new one");
        }
        if (future != null) {
            throw new IllegalStateException("process " + name + " was already started; a process cannot be started twice");
        }
        byte[] t = DefaultSerializer.INSTANCE.serialize(target);
        byte[] a = consumer ? DefaultSerializer.INSTANCE.serialize(argument) : null;
        List<ClusterNode> servers = List.copyOf(ignite.cluster().forServers().nodes());
        if (servers.isEmpty()) {
            throw new IllegalStateException("cannot start " + name + ": the cluster has no server node");
        }
        List<ClusterNode> sorted = servers.stream().sorted(java.util.Comparator.comparingLong(ClusterNode::order)).toList();
        node = sorted.get(Math.floorMod(NEXT_NODE.getAndIncrement(), sorted.size()));
        pid = (node.order() << 32) | (JOBS.incrementAndGet() & 0xffffffffL);
        var me = io.multiprocessing4j.internal.ProcessIdentity.current();
        ProcessJob job = new ProcessJob(name, daemon, me.name(), me.pid(), t, a, consumer);
        job.deployWith(target);
        Contexts.childStarted(this);
        IgniteFuture<byte[]> f = ignite.compute(ignite.cluster().forNode(node)).withNoFailover().callAsync(job);
        future = f;
        f.listen(done -> {
            int code;
            if (done.isCancelled()) {
                code = exitCode == Integer.MIN_VALUE ? -9 : exitCode;
            } else {
                try {
                    code = done.get().length == 0 ? 0 : 1;
                } catch (RuntimeException e) {
                    code = exitCode != Integer.MIN_VALUE ? exitCode : -9; // the node left, or the job was cancelled
                }
            }
            finish(code);
        });
        return this;
    }

    private void finish(int code) {
        synchronized (this) {
            if (exit.isDone()) {
                return;
            }
            exitCode = code;
        }
        Contexts.childEnded(this);
        exit.complete(this);
    }

    /** @return the node this process runs on, or null before {@code start()} */
    public ClusterNode node() {
        return node;
    }

    private void requireStarted() {
        if (future == null) {
            throw new IllegalStateException("process " + name + " was not started; call start() first");
        }
    }

    @Override
    public void join() throws InterruptedException {
        requireStarted();
        try {
            exit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        requireStarted();
        try {
            exit.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean isAlive() {
        return future != null && !exit.isDone();
    }

    @Override
    public int exitCode() {
        requireStarted();
        if (!exit.isDone()) {
            throw new IllegalStateException("process " + name + " is still running; see exitCodeIfDone()");
        }
        return exitCode;
    }

    @Override
    public OptionalInt exitCodeIfDone() {
        return exit.isDone() ? OptionalInt.of(exitCode) : OptionalInt.empty();
    }

    @Override
    public long pid() {
        requireStarted();
        return pid;
    }

    @Override
    public void terminate() {
        stop(-15);
    }

    @Override
    public void kill() {
        stop(-9);
    }

    private void stop(int code) {
        IgniteFuture<byte[]> f = future;
        if (f == null || exit.isDone()) {
            return;
        }
        synchronized (this) {
            if (exitCode == Integer.MIN_VALUE) {
                exitCode = code;
            }
        }
        try {
            f.cancel();
        } catch (RuntimeException ignored) {
            // ended meanwhile
        }
        finish(code);
    }

    @Override
    public CompletableFuture<ChildProcess> onExit() {
        return exit;
    }

    @Override
    public void close() {
        if (isAlive()) {
            throw new IllegalStateException("process " + name + " is still running; join it before close()");
        }
        closed = true;
    }

    @Override
    public String toString() {
        return "ClusterChildProcess[" + name + (node != null ? " on " + node.consistentId() : "")
                + (exit.isDone() ? " exitcode=" + exitCode : future != null ? " started" : " initial") + "]";
    }
}
