package io.multiprocessing4j.manager;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A queue that tells how many callers wait in {@link #take()}, so a test knows a take is in progress. */
public final class CountingQueue<E> extends LinkedBlockingQueue<E> {
    private static final long serialVersionUID = 1L;
    private final AtomicInteger waiting = new AtomicInteger();

    @Override
    public E take() throws InterruptedException {
        waiting.incrementAndGet();
        try {
            return super.take();
        } finally {
            waiting.decrementAndGet();
        }
    }

    public int waiting() {
        return waiting.get();
    }
}
