package io.multiprocessing4j.cluster.internal;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.function.SerializableSupplier;
import io.multiprocessing4j.manager.BarrierProxy;
import io.multiprocessing4j.manager.ConditionProxy;
import io.multiprocessing4j.manager.EventProxy;
import io.multiprocessing4j.manager.JoinableQueueProxy;
import io.multiprocessing4j.manager.Manager;
import io.multiprocessing4j.manager.Namespace;
import io.multiprocessing4j.manager.SemaphoreProxy;
import io.multiprocessing4j.manager.ValueProxy;
import io.multiprocessing4j.process.ChildProcess;
import org.apache.ignite.Ignite;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.Lock;

/**
 * The cluster context's {@code ctx.manager()}: no server process, since the cluster itself holds
 * the objects. {@link #dict()} is a {@link ClusterDict} over an {@code IgniteCache};
 * {@link #queue()}, {@link #lock()} and {@link #rlock()} are the context's own cluster queue and
 * locks (which are {@code BlockingQueue} and {@code Lock}). The other managed types throw
 * {@link UnsupportedOperationException} naming the context's cluster type to use instead.
 *
 * <p>Implementation notes. {@link #shutdown()} destroys the dicts made here, as a manager's
 * shutdown frees its objects; a proxy used afterwards fails. {@code Manager.apply(dict, fn)} is
 * not offered: it needs a manager proxy (use {@code merge}/{@code compute}, which are atomic).
 */
public final class ClusterManager implements Manager {
    private final Ignite ignite;
    private final MpContext ctx;
    private final Queue<ClusterDict<?, ?>> dicts = new ConcurrentLinkedQueue<>();
    private volatile boolean shut;

    public ClusterManager(Ignite ignite, MpContext ctx) {
        this.ignite = ignite;
        this.ctx = ctx;
    }

    private UnsupportedOperationException instead(String method, String alternative) {
        return new UnsupportedOperationException("manager()." + method + " is not offered by the cluster context's"
                + " manager; use " + alternative + ", which works on every node");
    }

    private void requireOpen() {
        if (shut) {
            throw new IllegalStateException("this cluster manager is closed (shut down): its dicts were destroyed");
        }
    }

    /** @throws UnsupportedOperationException always: a cluster manager has no server to connect to */
    @Override
    public Address address() {
        throw instead("address()", "the proxies themselves (pass them to tasks and child processes)");
    }

    @Override
    public Optional<ChildProcess> serverProcess() {
        return Optional.empty();
    }

    @Override
    public <K, V> Map<K, V> dict() {
        requireOpen();
        ClusterDict<K, V> d = new ClusterDict<>(ignite);
        dicts.add(d);
        return d;
    }

    @Override
    public <K, V> Map<K, V> dict(Map<? extends K, ? extends V> initial) {
        Map<K, V> d = dict();
        d.putAll(initial);
        return d;
    }

    @Override
    public <E> List<E> list() {
        throw instead("list()", "a dict() keyed by index, or ctx.queue() for a work list");
    }

    @Override
    public <E> List<E> list(Collection<? extends E> initial) {
        return list();
    }

    @Override
    public Namespace namespace() {
        throw instead("namespace()", "a dict() keyed by attribute name");
    }

    @Override
    public <T> ValueProxy<T> value(T initial) {
        throw instead("value(..)", "ctx.sharedLong(..)/ctx.sharedDouble(..), or a dict() entry");
    }

    @Override
    public <E> BlockingQueue<E> queue() {
        requireOpen();
        return ctx.queue();
    }

    @Override
    public <E> BlockingQueue<E> queue(int maxsize) {
        requireOpen();
        return ctx.queue(maxsize);
    }

    @Override
    public Lock lock() {
        requireOpen();
        return ctx.lock();
    }

    @Override
    public Lock rlock() {
        requireOpen();
        return ctx.rlock();
    }

    @Override
    public SemaphoreProxy semaphore(int permits) {
        throw instead("semaphore(..)", "ctx.semaphore(..)");
    }

    @Override
    public SemaphoreProxy boundedSemaphore(int permits) {
        throw instead("boundedSemaphore(..)", "ctx.boundedSemaphore(..)");
    }

    @Override
    public EventProxy event() {
        throw instead("event()", "ctx.event()");
    }

    @Override
    public <E> JoinableQueueProxy<E> joinableQueue() {
        throw instead("joinableQueue()", "ctx.joinableQueue()");
    }

    @Override
    public <E> JoinableQueueProxy<E> joinableQueue(int maxsize) {
        throw instead("joinableQueue(..)", "ctx.joinableQueue(..)");
    }

    @Override
    public ConditionProxy condition() {
        throw instead("condition()", "ctx.event() or a queue to signal");
    }

    @Override
    public ConditionProxy condition(Lock lock) {
        return condition();
    }

    @Override
    public BarrierProxy barrier(int parties) {
        throw instead("barrier(..)", "ctx.barrier(..)");
    }

    @Override
    public <E> List<E> array(Collection<? extends E> initial) {
        throw instead("array(..)", "a dict() keyed by index");
    }

    @Override
    public <E> List<E> array(int length, E fill) {
        throw instead("array(..)", "a dict() keyed by index");
    }

    @Override
    public <I> void register(String typeName, SerializableSupplier<? extends I> factory, Class<I> iface) {
        throw instead("register(..)", "a dict(), queue or lock of the cluster, or Ignite's own services"
                + " (ClusterContext.ignite().services())");
    }

    @Override
    public <I> void register(String typeName, SerializableSupplier<? extends I> factory, Class<I> iface,
                             Set<String> exposed) {
        register(typeName, factory, iface);
    }

    @Override
    public <I> I get(String typeName, Class<I> iface) {
        throw instead("get(..)", "a dict(), queue or lock of the cluster");
    }

    /** @return the dicts made here and not yet destroyed */
    @Override
    public int objectCount() {
        return dicts.size();
    }

    /** Destroys the dicts made here; their proxies fail afterwards. Idempotent. */
    @Override
    public void shutdown() {
        shut = true;
        for (ClusterDict<?, ?> d; (d = dicts.poll()) != null; ) {
            try {
                d.destroy();
            } catch (RuntimeException ignored) {
                // the cluster may be gone already
            }
        }
    }

    @Override
    public void close() {
        shutdown();
    }
}
