package io.multiprocessing4j.internal.ipc;

import io.multiprocessing4j.spi.EventBackend;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The flag under a {@code ProcessEvent} of the local contexts.
 *
 * <p>Implementation notes. Two ints of shared memory: the flag (also the futex word waiters sleep
 * on) and the number of waiters, so {@link #set()} enters the kernel only when someone sleeps.
 * Waiters spin briefly, then sleep in slices ({@link Waiting}). Serialized, it is its name.
 */
public final class LocalEvent implements EventBackend {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final long FLAG = 0;
    private static final long WAITERS = 4;

    private final String name;
    private final transient ShmFile file;
    private final transient MemorySegment seg;

    private LocalEvent(ShmFile file) {
        this.name = file.name();
        this.file = file;
        this.seg = file.segment();
    }

    /** @return a new event, not set */
    public static LocalEvent create() {
        return new LocalEvent(Handles.create(64));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isSet() {
        return (int) INT.getVolatile(seg, FLAG) != 0;
    }

    @Override
    public void set() {
        INT.setVolatile(seg, FLAG, 1);
        if ((int) INT.getVolatile(seg, WAITERS) > 0) {
            Futex.wakeAll(seg, FLAG);
        }
    }

    @Override
    public void clear() {
        INT.setVolatile(seg, FLAG, 0);
    }

    @Override
    public boolean await(long deadline) throws InterruptedException {
        if (isSet() || Waiting.spinWhile(seg, FLAG, 0)) {
            return true;
        }
        INT.getAndAdd(seg, WAITERS, 1);
        try {
            while (!isSet()) {
                Waiting.checkInterrupt();
                if (deadline != Waiting.FOREVER && System.nanoTime() - deadline >= 0) {
                    return false;
                }
                Waiting.sleepSlice(seg, FLAG, 0, deadline);
            }
            return true;
        } finally {
            INT.getAndAdd(seg, WAITERS, -1);
        }
    }

    @Override
    public void close() {
        Handles.release(file);
    }

    @Serial
    private Object readResolve() {
        return new LocalEvent(Handles.attach(name));
    }

    @Override
    public String toString() {
        return "ProcessEvent[" + name + "]";
    }
}
