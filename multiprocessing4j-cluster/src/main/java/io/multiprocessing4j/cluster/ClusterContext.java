package io.multiprocessing4j.cluster;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.cluster.internal.ClusterChildProcess;
import io.multiprocessing4j.cluster.internal.ClusterManager;
import io.multiprocessing4j.cluster.internal.ClusterRunner;
import io.multiprocessing4j.cluster.internal.IgniteSettings;
import io.multiprocessing4j.cluster.internal.LocalNodes;
import io.multiprocessing4j.cluster.internal.Structures;
import io.multiprocessing4j.connection.Pipe;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.internal.Contexts;
import io.multiprocessing4j.internal.pool.RemoteChunkRunner;
import io.multiprocessing4j.manager.Manager;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.queue.JoinableProcessQueue;
import io.multiprocessing4j.queue.ProcessQueue;
import io.multiprocessing4j.queue.SimpleProcessQueue;
import io.multiprocessing4j.shared.ShareableList;
import io.multiprocessing4j.shared.SharedByteArray;
import io.multiprocessing4j.shared.SharedDouble;
import io.multiprocessing4j.shared.SharedDoubleArray;
import io.multiprocessing4j.shared.SharedInt;
import io.multiprocessing4j.shared.SharedIntArray;
import io.multiprocessing4j.shared.SharedLong;
import io.multiprocessing4j.shared.SharedLongArray;
import io.multiprocessing4j.shared.SharedMemory;
import io.multiprocessing4j.sync.ProcessBarrier;
import io.multiprocessing4j.sync.ProcessCondition;
import io.multiprocessing4j.sync.ProcessEvent;
import io.multiprocessing4j.sync.ProcessLock;
import io.multiprocessing4j.sync.ProcessRLock;
import io.multiprocessing4j.sync.ProcessSemaphore;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.IgniteConfiguration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;

/**
 * The {@code "cluster"} context: processes and pools on an Apache Ignite 2.x cluster, with the API
 * of the other contexts, so a program moves to a cluster by changing its context line.
 *
 * <p>This process joins the cluster as an Ignite <em>client</em> node: it submits work and holds no
 * data; server nodes run the work. Reach a cluster in one of three ways:
 * <ul>
 *   <li>{@link #local(int)}: an embedded cluster of N server node JVMs on this machine, bound to
 *       loopback, stopped when the context closes or this JVM exits;</li>
 *   <li>{@link #join(List)}: the server nodes at those discovery addresses;</li>
 *   <li>{@link #join(IgniteConfiguration)} or {@link #joinConfigFile(Path)}: any client configuration
 *       (TLS, other discovery), the file form needing {@code ignite-spring} on the class path.</li>
 * </ul>
 * {@code Multiprocessing.context("cluster")} gives a shared instance configured by system
 * properties: {@code mp4j.cluster.join=host:port,...}, else {@code mp4j.cluster.config=file}, else
 * an embedded cluster of {@code mp4j.cluster.nodes} nodes (default 2), started on first use.
 *
 * <p>What runs: {@link #process} (a job on one node), pools and {@code ProcessPoolExecutor} (one
 * Ignite job per chunk; a dead node's chunks re-run elsewhere). Queues, locks, semaphores, events,
 * barriers and shared values are the core's own types over Ignite's structures (an
 * {@code IgniteQueue} with a backup, {@code IgniteLock} and {@code IgniteSemaphore} with
 * {@code failoverSafe}, {@code IgniteAtomicLong}s): pass them to tasks and child processes as in the
 * spawn context. Shared memory, shared arrays, pipes, conditions and the manager are one machine's
 * (or one JVM's) objects and throw {@link UnsupportedOperationException} naming the alternative;
 * {@link #ignite()} gives Ignite itself (caches and more). docs/cluster.md says what a node's death
 * does to each. Thread-safe; close it to leave the cluster (and stop an embedded one).
 */
public final class ClusterContext implements MpContext, RemoteChunkRunner, AutoCloseable {
    /** How long a client looks for a server at the join addresses before giving up. */
    static final long JOIN_TIMEOUT_MILLIS = Long.getLong("mp4j.cluster.joinTimeoutMillis", 15_000);
    /** How long the client may take to join an embedded cluster whose nodes reported ready (a loaded machine is slow). */
    static final long LOCAL_JOIN_TIMEOUT_MILLIS = Long.getLong("mp4j.cluster.localJoinTimeoutMillis", 180_000);

    private final Ignite ignite;
    private final LocalNodes nodes;
    private final ClusterRunner runner;
    private final Structures structures;
    private volatile boolean closed;

    private ClusterContext(Ignite ignite, LocalNodes nodes) {
        this.ignite = ignite;
        this.nodes = nodes;
        this.runner = new ClusterRunner(ignite);
        this.structures = new Structures(ignite);
    }

    /**
     * Starts an embedded cluster of {@code nodes} server node JVMs on this machine (loopback only)
     * and joins it.
     *
     * @param nodes how many server nodes, at least 1
     * @return the context; close it to stop the nodes
     * @throws IllegalArgumentException if {@code nodes < 1}
     * @throws IllegalStateException if the nodes did not start (the message carries their output)
     */
    public static ClusterContext local(int nodes) {
        return local(nodes, null, null);
    }

    /**
     * Starts an embedded cluster whose nodes and client speak TLS with the key store (which also
     * serves as trust store: every node presents and trusts the same certificate).
     *
     * @param nodes how many server nodes
     * @param keyStore a PKCS12 ({@code .p12}/{@code .pfx}) or JKS ({@code .jks}) file
     * @param password its password
     */
    public static ClusterContext localTls(int nodes, Path keyStore, char[] password) {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
        if (!Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("keyStore " + keyStore + " is not a readable file");
        }
        return local(nodes, keyStore.toAbsolutePath().toString(), password);
    }

    private static ClusterContext local(int count, String keyStore, char[] password) {
        IgniteSettings.applySystemProperties();
        LocalNodes nodes = LocalNodes.start(count, keyStore, password);
        try {
            IgniteConfiguration c = IgniteSettings.client(nodes.addresses(), true, nodes.clientCommPort(),
                    LOCAL_JOIN_TIMEOUT_MILLIS, nodes.workDir().resolve("client").toString());
            if (keyStore != null) {
                IgniteSettings.tls(c, keyStore, password);
            }
            Ignite ignite = startBounded(c, "the embedded cluster at " + nodes.addresses(), LOCAL_JOIN_TIMEOUT_MILLIS);
            return new ClusterContext(ignite, nodes);
        } catch (RuntimeException e) {
            nodes.close();
            throw e;
        }
    }

    /**
     * Joins the server nodes at {@code addresses} as a client node.
     *
     * @param addresses discovery addresses, {@code host:port} or {@code host:port1..port2}
     * @return the context
     * @throws IllegalArgumentException if no address is given or one is malformed
     * @throws IllegalStateException if no server answered within {@code -Dmp4j.cluster.joinTimeoutMillis}
     *     (15 s by default)
     */
    public static ClusterContext join(List<String> addresses) {
        return join(addresses, c -> { });
    }

    private static ClusterContext join(List<String> addresses, java.util.function.Consumer<IgniteConfiguration> extra) {
        Objects.requireNonNull(addresses, "addresses");
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("addresses is empty; give at least one host:port of a server node");
        }
        for (String a : addresses) {
            if (a == null || !a.matches("[^:\\s]+:\\d+(\\.\\.\\d+)?")) {
                throw new IllegalArgumentException("address '" + a + "' is not host:port or host:port1..port2");
            }
        }
        IgniteSettings.applySystemProperties();
        IgniteConfiguration c = IgniteSettings.client(addresses, false, 0, JOIN_TIMEOUT_MILLIS,
                workRoot().resolve("client-" + ProcessHandle.current().pid()).toString());
        extra.accept(c);
        return new ClusterContext(startBounded(c, "a cluster at " + addresses, JOIN_TIMEOUT_MILLIS), null);
    }

    /**
     * Joins the server nodes at {@code addresses} as a client node speaking TLS with the key store,
     * which also serves as trust store: the form for nodes started by
     * {@code mp4j cluster start --tls-keystore FILE} with the same file.
     *
     * @param addresses discovery addresses, {@code host:port} or {@code host:port1..port2}
     * @param keyStore a PKCS12 ({@code .p12}/{@code .pfx}) or JKS ({@code .jks}) file
     * @param password its password
     * @return the context
     * @throws IllegalArgumentException if an address is malformed or the key store is not a readable file
     * @throws IllegalStateException if no server answered in time
     */
    public static ClusterContext joinTls(List<String> addresses, Path keyStore, char[] password) {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
        if (!Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("keyStore " + keyStore + " is not a readable file");
        }
        return join(addresses, c -> IgniteSettings.tls(c, keyStore.toAbsolutePath().toString(), password));
    }

    /**
     * Joins a cluster with a configuration of the caller's; it is switched to client mode.
     *
     * @param configuration Ignite's configuration (discovery, TLS, ...)
     * @return the context
     */
    public static ClusterContext join(IgniteConfiguration configuration) {
        Objects.requireNonNull(configuration, "configuration");
        IgniteSettings.applySystemProperties();
        configuration.setClientMode(true);
        return new ClusterContext(startBounded(configuration, "the configured cluster", JOIN_TIMEOUT_MILLIS), null);
    }

    /**
     * Joins a cluster described by an Ignite Spring XML file, as a client node. Needs
     * {@code org.apache.ignite:ignite-spring} on the class path.
     *
     * @param file the XML file
     * @return the context
     */
    public static ClusterContext joinConfigFile(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("config file " + file + " is not a readable file");
        }
        IgniteSettings.applySystemProperties();
        Ignition.setClientMode(true);
        try {
            return new ClusterContext(Ignition.start(file.toAbsolutePath().toString()), null);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot join the cluster of " + file + ": " + e.getMessage()
                    + " (an XML configuration needs org.apache.ignite:ignite-spring on the class path;"
                    + " without it use join(addresses) or join(IgniteConfiguration))", e);
        } finally {
            Ignition.setClientMode(false);
        }
    }

    private static Ignite startBounded(IgniteConfiguration c, String what, long joinTimeoutMillis) {
        FutureTask<Ignite> start = new FutureTask<>(() -> Ignition.start(c));
        Thread t = Thread.ofPlatform().daemon().name("mp4j-cluster-join").start(start);
        long limit = joinTimeoutMillis + 5_000;
        try {
            return start.get(limit, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            t.interrupt();
            Ignition.stop(c.getIgniteInstanceName(), true);
            throw new IllegalStateException("no server node of " + what + " answered within " + limit
                    + " ms; check the addresses and that the nodes run (-Dmp4j.cluster.joinTimeoutMillis)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("cannot join " + what + ": " + rootMessage(cause)
                    + " (check the addresses and that the nodes run)", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Ignition.stop(c.getIgniteInstanceName(), true);
            throw new IllegalStateException("interrupted while joining " + what, e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + r + ")";
    }

    static Path workRoot() {
        String configured = System.getProperty("mp4j.cluster.workDir");
        return configured != null ? Path.of(configured).toAbsolutePath()
                : Path.of(System.getProperty("user.home"), ".cache", "mp4j", "ignite");
    }

    /** @return this process's Ignite client node: for Ignite's own queues, locks, caches and more */
    public Ignite ignite() {
        return ignite;
    }

    /** @return the number of server nodes now in the cluster */
    public int serverCount() {
        return ignite.cluster().forServers().nodes().size();
    }

    /** @return the node JVMs of an embedded cluster (dead ones included), empty when joined to another cluster */
    public List<ProcessHandle> localNodes() {
        return nodes == null ? List.of() : nodes.processes();
    }

    /** @return whether this context started its own nodes ({@link #local(int)}) */
    public boolean isEmbedded() {
        return nodes != null;
    }

    /** Leaves the cluster, and stops the nodes of an embedded one. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (nodes == null) {
                structures.destroyAll(); // a joined cluster outlives us: leave no queues or locks behind
            }
            ignite.close();
        } finally {
            if (nodes != null) {
                nodes.close();
            }
        }
    }

    // ---- MpContext -------------------------------------------------------------------------------

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public ChildProcess process(SerializableRunnable target) {
        Objects.requireNonNull(target, "target");
        return new ClusterChildProcess(ignite, target, null, false);
    }

    @Override
    public <A> ChildProcess process(SerializableConsumer<A> target, A argument) {
        Objects.requireNonNull(target, "target");
        return new ClusterChildProcess(ignite, target, argument, true);
    }

    @Override
    public List<ChildProcess> activeChildren() {
        return Contexts.activeChildren().stream().filter(p -> p instanceof ClusterChildProcess).toList();
    }

    /** Does nothing: cluster nodes are already running. */
    @Override
    public MpContext spareWorkers(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        return this;
    }

    /** Returns at once: there are no spares to wait for. */
    @Override
    public void awaitSpares() {
        // nothing to wait for
    }

    // ---- RemoteChunkRunner: how pools run here ---------------------------------------------------

    @Override
    public String poolWorkerPrefix() {
        return runner.poolWorkerPrefix();
    }

    @Override
    public Slot openSlot(String name, PoolSettings settings) {
        return runner.openSlot(name, settings);
    }

    // ---- what a cluster does not offer -----------------------------------------------------------

    private UnsupportedOperationException notOffered(String method, String type, String instead) {
        return new UnsupportedOperationException(method + ": " + type + " is not offered by the cluster context: it lives"
                + " in one machine's shared memory. Instead " + instead);
    }

    private static final String BY_INDEX = "use a dict keyed by index (ctx.manager().dict(), an IgniteCache), or pass the"
            + " array to tasks as an argument and return results";

    /** @throws UnsupportedOperationException always: shared memory is one machine's */
    @Override
    public SharedMemory sharedMemory(long size) {
        throw notOffered("sharedMemory(size)", "SharedMemory", "keep data in an IgniteCache (ClusterContext.ignite()"
                + ".getOrCreateCache(..)) or a dict (ctx.manager().dict()), or pass it to tasks as arguments");
    }

    /** @throws UnsupportedOperationException always: shared memory is one machine's */
    @Override
    public ShareableList shareableList(Collection<?> values) {
        throw notOffered("shareableList(values)", "ShareableList", "use a dict keyed by index (ctx.manager().dict()) or a"
                + " list passed to tasks as an argument");
    }

    @Override
    public SharedInt sharedInt(int initial) {
        return structures.sharedInt(initial, true);
    }

    /** An {@code IgniteAtomicLong}, with a cluster {@code ProcessRLock} as its lock. */
    @Override
    public SharedLong sharedLong(long initial) {
        return structures.sharedLong(initial, true);
    }

    /** An {@code IgniteAtomicLong} holding the double's bits, with a cluster {@code ProcessRLock} as its lock. */
    @Override
    public SharedDouble sharedDouble(double initial) {
        return structures.sharedDouble(initial, true);
    }

    @Override
    public SharedInt rawSharedInt(int initial) {
        return structures.sharedInt(initial, false);
    }

    @Override
    public SharedLong rawSharedLong(long initial) {
        return structures.sharedLong(initial, false);
    }

    @Override
    public SharedDouble rawSharedDouble(double initial) {
        return structures.sharedDouble(initial, false);
    }

    /** @throws UnsupportedOperationException always: shared memory is one machine's */
    @Override
    public SharedIntArray sharedIntArray(int length) {
        throw notOffered("sharedIntArray(length)", "SharedIntArray", BY_INDEX);
    }

    /** @throws UnsupportedOperationException always: shared memory is one machine's */
    @Override
    public SharedIntArray rawSharedIntArray(int length) {
        throw notOffered("rawSharedIntArray(length)", "SharedIntArray", BY_INDEX);
    }

    /** @throws UnsupportedOperationException always: shared memory is one machine's */
    @Override
    public SharedLongArray sharedLongArray(int length) {
        throw notOffered("sharedLongArray(length)", "SharedLongArray", BY_INDEX);
    }

    /** @throws UnsupportedOperationException always: shared memory is one machine's */
    @Override
    public SharedLongArray rawSharedLongArray(int length) {
        throw notOffered("rawSharedLongArray(length)", "SharedLongArray", BY_INDEX);
    }

    /** @throws UnsupportedOperationException always: shared memory is one machine's */
    @Override
    public SharedDoubleArray sharedDoubleArray(int length) {
        throw notOffered("sharedDoubleArray(length)", "SharedDoubleArray", BY_INDEX);
    }

    /** @throws UnsupportedOperationException always: shared memory is one machine's */
    @Override
    public SharedDoubleArray rawSharedDoubleArray(int length) {
        throw notOffered("rawSharedDoubleArray(length)", "SharedDoubleArray", BY_INDEX);
    }

    /** @throws UnsupportedOperationException always: shared memory is one machine's */
    @Override
    public SharedByteArray sharedByteArray(int length) {
        throw notOffered("sharedByteArray(length)", "SharedByteArray", BY_INDEX);
    }

    /** @throws UnsupportedOperationException always: shared memory is one machine's */
    @Override
    public SharedByteArray rawSharedByteArray(int length) {
        throw notOffered("rawSharedByteArray(length)", "SharedByteArray", BY_INDEX);
    }

    /** An {@code IgniteLock} with {@code failoverSafe}: released when its holder's node dies, which {@code lastOwnerDied()} then reports. */
    @Override
    public io.multiprocessing4j.shared.SharedFloat sharedFloat(float initial) {
        throw notOffered("sharedFloat(initial)", "SharedFloat", "use an IgniteCache (ClusterContext.ignite().getOrCreateCache(..)) or pass values to tasks as arguments");
    }

    @Override
    public io.multiprocessing4j.shared.SharedFloat rawSharedFloat(float initial) {
        throw notOffered("rawSharedFloat(initial)", "SharedFloat", "use an IgniteCache (ClusterContext.ignite().getOrCreateCache(..)) or pass values to tasks as arguments");
    }

    @Override
    public io.multiprocessing4j.shared.SharedShort sharedShort(short initial) {
        throw notOffered("sharedShort(initial)", "SharedShort", "use an IgniteCache (ClusterContext.ignite().getOrCreateCache(..)) or pass values to tasks as arguments");
    }

    @Override
    public io.multiprocessing4j.shared.SharedShort rawSharedShort(short initial) {
        throw notOffered("rawSharedShort(initial)", "SharedShort", "use an IgniteCache (ClusterContext.ignite().getOrCreateCache(..)) or pass values to tasks as arguments");
    }

    @Override
    public io.multiprocessing4j.shared.SharedByte sharedByte(byte initial) {
        throw notOffered("sharedByte(initial)", "SharedByte", "use an IgniteCache (ClusterContext.ignite().getOrCreateCache(..)) or pass values to tasks as arguments");
    }

    @Override
    public io.multiprocessing4j.shared.SharedByte rawSharedByte(byte initial) {
        throw notOffered("rawSharedByte(initial)", "SharedByte", "use an IgniteCache (ClusterContext.ignite().getOrCreateCache(..)) or pass values to tasks as arguments");
    }

    @Override
    public io.multiprocessing4j.shared.SharedBoolean sharedBoolean(boolean initial) {
        throw notOffered("sharedBoolean(initial)", "SharedBoolean", "use an IgniteCache (ClusterContext.ignite().getOrCreateCache(..)) or pass values to tasks as arguments");
    }

    @Override
    public io.multiprocessing4j.shared.SharedBoolean rawSharedBoolean(boolean initial) {
        throw notOffered("rawSharedBoolean(initial)", "SharedBoolean", "use an IgniteCache (ClusterContext.ignite().getOrCreateCache(..)) or pass values to tasks as arguments");
    }

    @Override
    public io.multiprocessing4j.shared.SharedFloatArray sharedFloatArray(int length) {
        throw notOffered("sharedFloatArray(length)", "SharedFloatArray", "use an IgniteCache keyed by index");
    }

    @Override
    public io.multiprocessing4j.shared.SharedFloatArray rawSharedFloatArray(int length) {
        throw notOffered("rawSharedFloatArray(length)", "SharedFloatArray", "use an IgniteCache keyed by index");
    }

    @Override
    public io.multiprocessing4j.shared.SharedShortArray sharedShortArray(int length) {
        throw notOffered("sharedShortArray(length)", "SharedShortArray", "use an IgniteCache keyed by index");
    }

    @Override
    public io.multiprocessing4j.shared.SharedShortArray rawSharedShortArray(int length) {
        throw notOffered("rawSharedShortArray(length)", "SharedShortArray", "use an IgniteCache keyed by index");
    }

    @Override
    public io.multiprocessing4j.shared.SharedBooleanArray sharedBooleanArray(int length) {
        throw notOffered("sharedBooleanArray(length)", "SharedBooleanArray", "use an IgniteCache keyed by index");
    }

    @Override
    public io.multiprocessing4j.shared.SharedBooleanArray rawSharedBooleanArray(int length) {
        throw notOffered("rawSharedBooleanArray(length)", "SharedBooleanArray", "use an IgniteCache keyed by index");
    }

    @Override
    public io.multiprocessing4j.shared.SharedCharArray sharedCharArray(int length) {
        throw notOffered("sharedCharArray(length)", "SharedCharArray", "use an IgniteCache keyed by index");
    }

    @Override
    public io.multiprocessing4j.shared.SharedCharArray sharedCharArray(String initial) {
        throw notOffered("sharedCharArray(initial)", "SharedCharArray", "use an IgniteCache keyed by index");
    }

    @Override
    public io.multiprocessing4j.shared.SharedCharArray rawSharedCharArray(int length) {
        throw notOffered("rawSharedCharArray(length)", "SharedCharArray", "use an IgniteCache keyed by index");
    }

    @Override
    public io.multiprocessing4j.shared.SharedStruct sharedStruct(java.lang.foreign.StructLayout layout) {
        throw notOffered("sharedStruct(layout)", "SharedStruct", "use an IgniteCache (ClusterContext.ignite().getOrCreateCache(..)) or pass values to tasks as arguments");
    }

    @Override
    public io.multiprocessing4j.shared.SharedStruct rawSharedStruct(java.lang.foreign.StructLayout layout) {
        throw notOffered("rawSharedStruct(layout)", "SharedStruct", "use an IgniteCache (ClusterContext.ignite().getOrCreateCache(..)) or pass values to tasks as arguments");
    }

    @Override
    public <R extends Record> io.multiprocessing4j.shared.SharedRecord<R> sharedRecord(R initial) {
        throw notOffered("sharedRecord(initial)", "SharedRecord", "use an IgniteCache (ClusterContext.ignite().getOrCreateCache(..)) or pass the record to tasks as an argument");
    }

    @Override
    public ProcessLock lock() {
        return structures.lock();
    }

    /** As {@link #lock()}, re-entrant. */
    @Override
    public ProcessRLock rlock() {
        return structures.rlock();
    }

    /** An {@code IgniteSemaphore} with {@code failoverSafe}: permits of a node that dies are given back. */
    @Override
    public ProcessSemaphore semaphore(int permits) {
        return structures.semaphore(permits, false);
    }

    @Override
    public ProcessSemaphore boundedSemaphore(int permits) {
        return structures.semaphore(permits, true);
    }

    /** @throws UnsupportedOperationException always: see {@link #condition(Lock)} */
    @Override
    public ProcessCondition condition() {
        throw new UnsupportedOperationException("condition() is not offered by the cluster context: a ProcessCondition"
                + " waits in one machine's shared memory. Signal with a ProcessEvent (ctx.event()) or a ProcessQueue,"
                + " or use Ignite's IgniteCondition (ClusterContext.ignite().reentrantLock(name, true, false, true)"
                + ".getOrCreateCondition(name))");
    }

    /** @throws UnsupportedOperationException always: a condition needs a shared-memory lock */
    @Override
    public ProcessCondition condition(Lock lock) {
        throw new UnsupportedOperationException("condition(lock) is not offered by the cluster context: a"
                + " ProcessCondition waits in one machine's shared memory. Signal with a ProcessEvent (ctx.event()) or"
                + " a ProcessQueue, or use Ignite's IgniteCondition (IgniteLock.getOrCreateCondition(name))");
    }

    /** A flag in an {@code IgniteAtomicLong}; waiters see {@code set()} within about 20 ms. */
    @Override
    public ProcessEvent event() {
        return structures.event();
    }

    /** A cyclic barrier in {@code IgniteAtomicLong}s; see docs/cluster.md for a party's node dying. */
    @Override
    public ProcessBarrier barrier(int parties) {
        return structures.barrier(parties, null);
    }

    @Override
    public ProcessBarrier barrier(int parties, SerializableRunnable action) {
        return structures.barrier(parties, action);
    }

    /** An {@code IgniteQueue} with one backup: its items survive the death of the node that holds them. */
    @Override
    public <E> ProcessQueue<E> queue() {
        return structures.queue(0);
    }

    @Override
    public <E> ProcessQueue<E> queue(int maxsize) {
        return structures.queue(maxsize);
    }

    /** As {@link #queue()}, with the unfinished-task count in an {@code IgniteAtomicLong}. */
    @Override
    public <E> JoinableProcessQueue<E> joinableQueue() {
        return structures.joinableQueue(0);
    }

    @Override
    public <E> JoinableProcessQueue<E> joinableQueue(int maxsize) {
        return structures.joinableQueue(maxsize);
    }

    @Override
    public <E> SimpleProcessQueue<E> simpleQueue() {
        return structures.simpleQueue();
    }

    @Override
    public Pipe pipe(boolean duplex) {
        throw notOffered("pipe(duplex)", "Pipe", "use one cluster queue per direction (ctx.queue()), or Listener/Client"
                + " connections over TCP");
    }

    /**
     * A manager whose {@code dict()} is an {@code IgniteCache} (one backup; {@code merge} and
     * {@code compute} atomic) and whose {@code queue()}, {@code lock()} and {@code rlock()} are this
     * context's; its other types throw {@link UnsupportedOperationException} naming the context's
     * own type to use. No server process: close it to destroy its dicts.
     */
    @Override
    public Manager manager() {
        return new ClusterManager(ignite, this);
    }

    @Override
    public String toString() {
        return "ClusterContext[" + (nodes != null ? "embedded, " : "") + "servers=" + serverCount() + "]";
    }

    /** @return whether this context is closed */
    public boolean isClosed() {
        return closed;
    }

    /** @return the embedded nodes' names in start order, empty when joined to another cluster */
    public List<String> localNodeNames() {
        return nodes == null ? List.of() : nodes.names();
    }

    Optional<LocalNodes> nodes() {
        return Optional.ofNullable(nodes);
    }
}
