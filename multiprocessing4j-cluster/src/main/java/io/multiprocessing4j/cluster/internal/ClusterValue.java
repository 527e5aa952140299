package io.multiprocessing4j.cluster.internal;

import io.multiprocessing4j.spi.ValueBackend;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteAtomicLong;

import java.io.Serial;

/**
 * The cluster context's {@code SharedInt}, {@code SharedLong} and {@code SharedDouble}: one
 * {@link IgniteAtomicLong} (with a backup, so it survives a node), every operation one atomic
 * cluster call.
 */
public final class ClusterValue extends Grid implements ValueBackend {
    @Serial
    private static final long serialVersionUID = 1L;
    private transient volatile IgniteAtomicLong word;

    public ClusterValue(Ignite ignite, long initial) {
        super(ignite, "value");
        this.word = ignite.atomicLong(name, initial, true);
    }

    private IgniteAtomicLong word() {
        IgniteAtomicLong w = word;
        if (w == null) {
            w = ignite().atomicLong(name, 0, false);
            if (w == null) {
                throw new IllegalStateException("shared value " + name + " no longer exists in the cluster (its context was closed)");
            }
            word = w;
        }
        return w;
    }

    @Override
    public long get() {
        return word().get();
    }

    @Override
    public void set(long value) {
        word().getAndSet(value);
    }

    @Override
    public long getAndSet(long value) {
        return word().getAndSet(value);
    }

    @Override
    public long getAndAdd(long delta) {
        return word().getAndAdd(delta);
    }

    @Override
    public boolean compareAndSet(long expected, long update) {
        return word().compareAndSet(expected, update);
    }

    /** Nothing to release in this process: the value lives in the cluster until its context removes it. */
    @Override
    public void close() {
    }

    void destroy() {
        IgniteAtomicLong w = ignite().atomicLong(name, 0, false);
        if (w != null) {
            w.close();
        }
    }
}
