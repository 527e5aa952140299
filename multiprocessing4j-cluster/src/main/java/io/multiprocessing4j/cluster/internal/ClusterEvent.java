package io.multiprocessing4j.cluster.internal;

import io.multiprocessing4j.spi.EventBackend;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteAtomicLong;

import java.io.Serial;

/**
 * The cluster context's {@code ProcessEvent}: a flag in an {@link IgniteAtomicLong}. Waiters
 * re-read it with a back-off of at most {@link Grid#MAX_BACKOFF_MILLIS} ms (see {@link Grid}), so a
 * waiter wakes within that time of {@code set()}.
 */
public final class ClusterEvent extends Grid implements EventBackend {
    @Serial
    private static final long serialVersionUID = 1L;
    private transient volatile IgniteAtomicLong flag;

    public ClusterEvent(Ignite ignite) {
        super(ignite, "event");
        this.flag = ignite.atomicLong(name, 0, true);
    }

    private IgniteAtomicLong flag() {
        IgniteAtomicLong f = flag;
        if (f == null) {
            f = ignite().atomicLong(name, 0, false);
            if (f == null) {
                throw new IllegalStateException("event " + name + " no longer exists in the cluster (its context was closed)");
            }
            flag = f;
        }
        return f;
    }

    @Override
    public boolean isSet() {
        return flag().get() != 0;
    }

    @Override
    public void set() {
        flag().getAndSet(1);
    }

    @Override
    public void clear() {
        flag().getAndSet(0);
    }

    @Override
    public boolean await(long deadline) throws InterruptedException {
        long backoff = 1;
        while (true) {
            if (isSet()) {
                return true;
            }
            if (!forever(deadline) && remaining(deadline) == 0) {
                return false;
            }
            backoff = pause(backoff, deadline);
        }
    }

    /** Nothing to release in this process: the event lives in the cluster until its context removes it. */
    @Override
    public void close() {
    }

    void destroy() {
        IgniteAtomicLong f = ignite().atomicLong(name, 0, false);
        if (f != null) {
            f.close();
        }
    }
}
