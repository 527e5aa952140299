package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.internal.Contexts;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.connection.Pipe;
import io.multiprocessing4j.internal.pipe.ShmConnection;
import io.multiprocessing4j.queue.JoinableProcessQueue;
import io.multiprocessing4j.queue.ProcessQueue;
import io.multiprocessing4j.queue.SimpleProcessQueue;

import java.util.List;
import java.util.Objects;

/** The {@code spawn} context: every process is a worker JVM. */
public final class SpawnContext implements MpContext {

    @Override
    public String name() {
        return Contexts.SPAWN;
    }

    @Override
    public ChildProcess process(SerializableRunnable target) {
        Objects.requireNonNull(target, "target must not be null: pass the code the child runs, e.g. () -> work()");
        return sweepSharedMemoryOnExit(new SpawnChildProcess(target, null, false));
    }

    @Override
    public <A> ChildProcess process(SerializableConsumer<A> target, A argument) {
        Objects.requireNonNull(target, "target must not be null: pass the code the child runs, e.g. arg -> work(arg)");
        return sweepSharedMemoryOnExit(new SpawnChildProcess(target, argument, true));
    }

    @Override
    public List<ChildProcess> activeChildren() {
        return Contexts.activeChildren().stream().filter(p -> p instanceof SpawnChildProcess).toList();
    }

    @Override
    public MpContext spareWorkers(int count) {
        SpawnRuntime.get().spareWorkers(count);
        return this;
    }

    @Override
    public void awaitSpares() throws InterruptedException {
        SpawnRuntime.get().awaitSpares();
    }

    @Override
    public String toString() {
        return "MpContext[spawn]";
    }

    // ---- shared memory, shared values and synchronisation: the same shared-memory objects in every context ----

    @Override
    public io.multiprocessing4j.shared.SharedMemory sharedMemory(long size) {
        return io.multiprocessing4j.shared.SharedMemory.create(size);
    }

    @Override
    public io.multiprocessing4j.shared.ShareableList shareableList(java.util.Collection<?> values) {
        return io.multiprocessing4j.shared.ShareableList.create(values);
    }

    @Override
    public io.multiprocessing4j.shared.SharedInt sharedInt(int initial) {
        return io.multiprocessing4j.shared.SharedInt.create(initial);
    }

    @Override
    public io.multiprocessing4j.shared.SharedLong sharedLong(long initial) {
        return io.multiprocessing4j.shared.SharedLong.create(initial);
    }

    @Override
    public io.multiprocessing4j.shared.SharedDouble sharedDouble(double initial) {
        return io.multiprocessing4j.shared.SharedDouble.create(initial);
    }

    @Override
    public io.multiprocessing4j.shared.SharedInt rawSharedInt(int initial) {
        return io.multiprocessing4j.shared.SharedInt.createRaw(initial);
    }

    @Override
    public io.multiprocessing4j.shared.SharedLong rawSharedLong(long initial) {
        return io.multiprocessing4j.shared.SharedLong.createRaw(initial);
    }

    @Override
    public io.multiprocessing4j.shared.SharedDouble rawSharedDouble(double initial) {
        return io.multiprocessing4j.shared.SharedDouble.createRaw(initial);
    }

    @Override
    public io.multiprocessing4j.shared.SharedIntArray sharedIntArray(int length) {
        return io.multiprocessing4j.shared.SharedIntArray.create(length);
    }

    @Override
    public io.multiprocessing4j.shared.SharedLongArray sharedLongArray(int length) {
        return io.multiprocessing4j.shared.SharedLongArray.create(length);
    }

    @Override
    public io.multiprocessing4j.shared.SharedDoubleArray sharedDoubleArray(int length) {
        return io.multiprocessing4j.shared.SharedDoubleArray.create(length);
    }

    @Override
    public io.multiprocessing4j.shared.SharedByteArray sharedByteArray(int length) {
        return io.multiprocessing4j.shared.SharedByteArray.create(length);
    }

    @Override
    public io.multiprocessing4j.shared.SharedIntArray rawSharedIntArray(int length) {
        return io.multiprocessing4j.shared.SharedIntArray.createRaw(length);
    }

    @Override
    public io.multiprocessing4j.shared.SharedLongArray rawSharedLongArray(int length) {
        return io.multiprocessing4j.shared.SharedLongArray.createRaw(length);
    }

    @Override
    public io.multiprocessing4j.shared.SharedDoubleArray rawSharedDoubleArray(int length) {
        return io.multiprocessing4j.shared.SharedDoubleArray.createRaw(length);
    }

    @Override
    public io.multiprocessing4j.shared.SharedByteArray rawSharedByteArray(int length) {
        return io.multiprocessing4j.shared.SharedByteArray.createRaw(length);
    }

    @Override
    public io.multiprocessing4j.sync.ProcessLock lock() {
        return io.multiprocessing4j.sync.ProcessLock.create();
    }

    @Override
    public io.multiprocessing4j.sync.ProcessRLock rlock() {
        return io.multiprocessing4j.sync.ProcessRLock.create();
    }

    @Override
    public io.multiprocessing4j.sync.ProcessSemaphore semaphore(int permits) {
        return io.multiprocessing4j.sync.ProcessSemaphore.create(permits);
    }

    @Override
    public io.multiprocessing4j.sync.ProcessSemaphore boundedSemaphore(int permits) {
        return io.multiprocessing4j.sync.ProcessSemaphore.createBounded(permits);
    }

    @Override
    public io.multiprocessing4j.sync.ProcessCondition condition() {
        return io.multiprocessing4j.sync.ProcessCondition.create();
    }

    @Override
    public io.multiprocessing4j.sync.ProcessCondition condition(java.util.concurrent.locks.Lock lock) {
        return io.multiprocessing4j.sync.ProcessCondition.create(lock);
    }

    @Override
    public io.multiprocessing4j.sync.ProcessEvent event() {
        return io.multiprocessing4j.sync.ProcessEvent.create();
    }

    @Override
    public io.multiprocessing4j.sync.ProcessBarrier barrier(int parties) {
        return io.multiprocessing4j.sync.ProcessBarrier.create(parties);
    }

    @Override
    public io.multiprocessing4j.sync.ProcessBarrier barrier(int parties, io.multiprocessing4j.function.SerializableRunnable action) {
        return io.multiprocessing4j.sync.ProcessBarrier.create(parties, action);
    }

    /** A child killed with SIGKILL cannot release its shared memory: look for what it left once it exits. */
    private static ChildProcess sweepSharedMemoryOnExit(ChildProcess p) {
        p.onExit().whenComplete((c, e) -> io.multiprocessing4j.internal.shm.ResourceTracker.sweepInBackground());
        return p;
    }

    // --- queues and pipes (shared memory, the same in every local context) ---------------------------

    @Override
    public <E> ProcessQueue<E> queue() {
        return ProcessQueue.create(0);
    }

    @Override
    public <E> ProcessQueue<E> queue(int maxsize) {
        return ProcessQueue.create(maxsize);
    }

    @Override
    public <E> JoinableProcessQueue<E> joinableQueue() {
        return JoinableProcessQueue.create(0);
    }

    @Override
    public <E> JoinableProcessQueue<E> joinableQueue(int maxsize) {
        return JoinableProcessQueue.create(maxsize);
    }

    @Override
    public <E> SimpleProcessQueue<E> simpleQueue() {
        return SimpleProcessQueue.create();
    }

    @Override
    public Pipe pipe(boolean duplex) {
        ShmConnection[] ends = ShmConnection.open(duplex);
        return new Pipe(ends[0], ends[1]);
    }

    @Override
    public io.multiprocessing4j.manager.Manager manager() {
        return io.multiprocessing4j.internal.manager.Managers.startInWorker(this::process);
    }
}
