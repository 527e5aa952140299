package io.multiprocessing4j.internal.backends;

import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.connection.Connection;
import io.multiprocessing4j.connection.TlsConfig;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.internal.WorkerSlot;
import io.multiprocessing4j.internal.ipc.LocalBarrier;
import io.multiprocessing4j.internal.ipc.LocalCondition;
import io.multiprocessing4j.internal.ipc.LocalEvent;
import io.multiprocessing4j.internal.ipc.LocalLock;
import io.multiprocessing4j.internal.ipc.LocalQueue;
import io.multiprocessing4j.internal.ipc.LocalSegment;
import io.multiprocessing4j.internal.ipc.LocalSemaphore;
import io.multiprocessing4j.internal.ipc.SerializingQueue;
import io.multiprocessing4j.internal.ipc.ShmFile;
import io.multiprocessing4j.internal.ipc.ShmQueue;
import io.multiprocessing4j.internal.manager.ManagerClient;
import io.multiprocessing4j.internal.manager.Managers;
import io.multiprocessing4j.internal.net.SocketConnection;
import io.multiprocessing4j.internal.pool.DashboardLauncher;
import io.multiprocessing4j.internal.pool.PoolExecutorBackend;
import io.multiprocessing4j.internal.pool.PoolFactory;
import io.multiprocessing4j.internal.net.SocketListener;
import io.multiprocessing4j.internal.net.Sockets;
import io.multiprocessing4j.manager.Manager;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.pool.PoolOptions;
import io.multiprocessing4j.spi.BarrierBackend;
import io.multiprocessing4j.spi.ConditionBackend;
import io.multiprocessing4j.spi.EventBackend;
import io.multiprocessing4j.spi.ExecutorBackend;
import io.multiprocessing4j.spi.ItemQueueBackend;
import io.multiprocessing4j.spi.ListenerBackend;
import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.LockBackend;
import io.multiprocessing4j.spi.PoolWorkerSlot;
import io.multiprocessing4j.spi.QueueBackend;
import io.multiprocessing4j.spi.SemaphoreBackend;
import io.multiprocessing4j.spi.SharedSegment;

import java.io.IOException;

/**
 * The core's implementations of the public synchronization, shared-memory, queue, socket,
 * manager and pool classes, offered to them through {@link LocalBackends} so that they need not name an
 * internal package. Its own package, above {@code internal.ipc}, {@code internal.net},
 * {@code internal.manager} and {@code internal.pool}. Registered as the core's
 * provider of that service (module-info {@code provides}, and
 * {@code META-INF/services/io.multiprocessing4j.spi.LocalBackends} for the class path); it needs
 * its public no-argument constructor for that. Stateless and thread-safe.
 */
public final class LocalBackendsProvider implements LocalBackends {

    /** For {@link java.util.ServiceLoader}. */
    public LocalBackendsProvider() {
    }

    @Override
    public LockBackend lock(boolean reentrant) {
        return LocalLock.create(reentrant);
    }

    @Override
    public EventBackend event() {
        return LocalEvent.create();
    }

    @Override
    public SemaphoreBackend semaphore(int permits, boolean bounded) {
        return LocalSemaphore.create(permits, bounded);
    }

    @Override
    public BarrierBackend barrier(int parties) {
        return LocalBarrier.create(parties);
    }

    @Override
    public ConditionBackend condition(LockBackend lock) {
        return lock instanceof LocalLock l ? LocalCondition.create(l) : null;
    }

    @Override
    public SharedSegment segment(long size) {
        return LocalSegment.handle(size);
    }

    @Override
    public SharedSegment attachSegment(String name) {
        return LocalSegment.attachHandle(name);
    }

    @Override
    public SharedSegment createView(String name, long size) throws IOException {
        return LocalSegment.view(name, size);
    }

    @Override
    public SharedSegment attachView(String name) throws IOException {
        return LocalSegment.attachView(name);
    }

    @Override
    public void unlink(String name) {
        ShmFile.unlink(name);
    }

    @Override
    public ItemQueueBackend queue(long maxsize, long ringBytes, long maxItemBytes) {
        return LocalQueue.create(maxsize, ringBytes, maxItemBytes);
    }

    @Override
    public long defaultQueueRingBytes() {
        return ShmQueue.DEFAULT_CAPACITY;
    }

    @Override
    public long defaultQueueMaxItemBytes() {
        return ShmQueue.DEFAULT_MAX_ITEM;
    }

    @Override
    public ItemQueueBackend serializing(QueueBackend bytes) {
        return SerializingQueue.over(bytes);
    }

    @Override
    public Connection connect(Address address, byte[] authkey, TlsConfig tls) throws IOException {
        if (tls == null) {
            return new SocketConnection(Sockets.connect(address, authkey), "connected to " + address);
        }
        return new SocketConnection(Sockets.connect(address, authkey, tls), "connected to " + address + " over TLS");
    }

    @Override
    public ListenerBackend listen(Address address, byte[] authkey, TlsConfig tls) throws IOException {
        return SocketListener.bind(address, authkey, tls);
    }

    @Override
    public Manager listenManager(Address address, byte[] authkey, TlsConfig tls) throws IOException {
        return Managers.listen(address, authkey, tls);
    }

    @Override
    public Manager connectManager(Address address, byte[] authkey, TlsConfig tls) throws IOException {
        return Managers.connect(address, authkey, tls);
    }

    @Override
    public <T, R> R applyOnManager(T proxy, SerializableFunction<? super T, ? extends R> function) {
        return ManagerClient.apply(proxy, function);
    }

    @Override
    public Pool pool(PoolOptions options) {
        return PoolFactory.create(options);
    }

    @Override
    public void startDashboard(Pool pool, int port) {
        DashboardLauncher.start(pool, port);
    }

    @Override
    public PoolWorkerSlot currentPoolWorker() {
        return WorkerSlot.current();
    }

    @Override
    public ExecutorBackend executor(PoolOptions options) {
        return PoolExecutorBackend.start(options);
    }
}
