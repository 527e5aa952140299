package io.multiprocessing4j.queue;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;

/** The queue contract across worker JVMs. */
class SpawnQueueIT extends QueueContract {
    @Override
    MpContext context() {
        return Multiprocessing.context("spawn");
    }
}
