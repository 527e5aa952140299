package io.multiprocessing4j.queue;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;

/** The queue contract in the thread context. */
class ThreadQueueTest extends QueueContract {
    @Override
    MpContext context() {
        return Multiprocessing.context("thread");
    }
}
