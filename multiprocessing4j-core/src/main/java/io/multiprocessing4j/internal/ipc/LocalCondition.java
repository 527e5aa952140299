package io.multiprocessing4j.internal.ipc;

import io.multiprocessing4j.spi.ConditionBackend;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The condition variable under a {@code ProcessCondition}, over a {@link LocalLock}.
 *
 * <p>Implementation notes. Two ints of shared memory: a sequence number that every notification
 * bumps (the futex word) and the number of waiters. A waiter reads the sequence before releasing
 * the lock, so a notification between its release and its sleep is not lost: the word it sleeps
 * on has already changed. {@code wake(n)} may wake more than {@code n} (any waiter that sees the
 * new sequence returns). Serialized, it is its name and its lock.
 */
public final class LocalCondition implements ConditionBackend {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final long SEQ = 0;
    private static final long WAITERS = 4;

    private final String name;
    private final LocalLock lock;
    private final transient ShmFile file;
    private final transient MemorySegment seg;

    private LocalCondition(ShmFile file, LocalLock lock) {
        this.name = file.name();
        this.lock = lock;
        this.file = file;
        this.seg = file.segment();
    }

    /** @return a new condition over {@code lock} */
    public static LocalCondition create(LocalLock lock) {
        return new LocalCondition(Handles.create(64), lock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean await(long deadline, boolean interruptible) throws InterruptedException {
        int seq = (int) INT.getVolatile(seg, SEQ);
        INT.getAndAdd(seg, WAITERS, 1);
        int holds = lock.releaseFully();
        boolean notified = false;
        InterruptedException interrupted = null;
        try {
            while (true) {
                if ((int) INT.getVolatile(seg, SEQ) != seq) {
                    notified = true;
                    break;
                }
                if (interruptible && Thread.interrupted()) {
                    interrupted = new InterruptedException();
                    break;
                }
                if (deadline != Waiting.FOREVER && System.nanoTime() - deadline >= 0) {
                    break;
                }
                if (!Waiting.spinWhile(seg, SEQ, seq)) {
                    Waiting.sleepSlice(seg, SEQ, seq, deadline);
                }
            }
        } finally {
            INT.getAndAdd(seg, WAITERS, -1);
            lock.reacquire(holds);
        }
        if (interrupted != null) {
            throw interrupted;
        }
        return notified;
    }

    @Override
    public void wake(int n) {
        INT.getAndAdd(seg, SEQ, 1);
        if ((int) INT.getVolatile(seg, WAITERS) > 0 && n > 0) {
            Futex.wake(seg, SEQ, n);
        }
    }

    @Override
    public void wakeAll() {
        INT.getAndAdd(seg, SEQ, 1);
        if ((int) INT.getVolatile(seg, WAITERS) > 0) {
            Futex.wakeAll(seg, SEQ);
        }
    }

    @Override
    public void close() {
        Handles.release(file);
    }

    @Serial
    private Object readResolve() {
        return new LocalCondition(Handles.attach(name), lock);
    }

    @Override
    public String toString() {
        return "ProcessCondition[" + name + ", " + lock + "]";
    }
}
