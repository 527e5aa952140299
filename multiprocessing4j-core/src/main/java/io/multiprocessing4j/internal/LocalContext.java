package io.multiprocessing4j.internal;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.connection.Pipe;
import io.multiprocessing4j.internal.pipe.ShmConnection;
import io.multiprocessing4j.queue.JoinableProcessQueue;
import io.multiprocessing4j.queue.ProcessQueue;
import io.multiprocessing4j.queue.SimpleProcessQueue;

/**
 * The factories every context on this machine shares: shared memory, shared values, locks,
 * queues and pipes are the same shared-memory objects whether the "processes" are worker JVMs or
 * threads, so a program behaves the same in both contexts.
 */
public abstract class LocalContext implements MpContext {

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
    public io.multiprocessing4j.shared.SharedFloat sharedFloat(float initial) {
        return io.multiprocessing4j.shared.SharedFloat.create(initial);
    }

    @Override
    public io.multiprocessing4j.shared.SharedFloat rawSharedFloat(float initial) {
        return io.multiprocessing4j.shared.SharedFloat.createRaw(initial);
    }

    @Override
    public io.multiprocessing4j.shared.SharedShort sharedShort(short initial) {
        return io.multiprocessing4j.shared.SharedShort.create(initial);
    }

    @Override
    public io.multiprocessing4j.shared.SharedShort rawSharedShort(short initial) {
        return io.multiprocessing4j.shared.SharedShort.createRaw(initial);
    }

    @Override
    public io.multiprocessing4j.shared.SharedByte sharedByte(byte initial) {
        return io.multiprocessing4j.shared.SharedByte.create(initial);
    }

    @Override
    public io.multiprocessing4j.shared.SharedByte rawSharedByte(byte initial) {
        return io.multiprocessing4j.shared.SharedByte.createRaw(initial);
    }

    @Override
    public io.multiprocessing4j.shared.SharedBoolean sharedBoolean(boolean initial) {
        return io.multiprocessing4j.shared.SharedBoolean.create(initial);
    }

    @Override
    public io.multiprocessing4j.shared.SharedBoolean rawSharedBoolean(boolean initial) {
        return io.multiprocessing4j.shared.SharedBoolean.createRaw(initial);
    }

    @Override
    public io.multiprocessing4j.shared.SharedFloatArray sharedFloatArray(int length) {
        return io.multiprocessing4j.shared.SharedFloatArray.create(length);
    }

    @Override
    public io.multiprocessing4j.shared.SharedFloatArray rawSharedFloatArray(int length) {
        return io.multiprocessing4j.shared.SharedFloatArray.createRaw(length);
    }

    @Override
    public io.multiprocessing4j.shared.SharedShortArray sharedShortArray(int length) {
        return io.multiprocessing4j.shared.SharedShortArray.create(length);
    }

    @Override
    public io.multiprocessing4j.shared.SharedShortArray rawSharedShortArray(int length) {
        return io.multiprocessing4j.shared.SharedShortArray.createRaw(length);
    }

    @Override
    public io.multiprocessing4j.shared.SharedBooleanArray sharedBooleanArray(int length) {
        return io.multiprocessing4j.shared.SharedBooleanArray.create(length);
    }

    @Override
    public io.multiprocessing4j.shared.SharedBooleanArray rawSharedBooleanArray(int length) {
        return io.multiprocessing4j.shared.SharedBooleanArray.createRaw(length);
    }

    @Override
    public io.multiprocessing4j.shared.SharedCharArray sharedCharArray(int length) {
        return io.multiprocessing4j.shared.SharedCharArray.create(length);
    }

    @Override
    public io.multiprocessing4j.shared.SharedCharArray sharedCharArray(String initial) {
        return io.multiprocessing4j.shared.SharedCharArray.of(initial);
    }

    @Override
    public io.multiprocessing4j.shared.SharedCharArray rawSharedCharArray(int length) {
        return io.multiprocessing4j.shared.SharedCharArray.createRaw(length);
    }

    @Override
    public io.multiprocessing4j.shared.SharedStruct sharedStruct(java.lang.foreign.StructLayout layout) {
        return io.multiprocessing4j.shared.SharedStruct.create(layout);
    }

    @Override
    public io.multiprocessing4j.shared.SharedStruct rawSharedStruct(java.lang.foreign.StructLayout layout) {
        return io.multiprocessing4j.shared.SharedStruct.createRaw(layout);
    }

    @Override
    public <R extends Record> io.multiprocessing4j.shared.SharedRecord<R> sharedRecord(R initial) {
        return io.multiprocessing4j.shared.SharedRecord.create(initial);
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
}
