package io.multiprocessing4j.pool;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;

class SpawnExecutorCompositionIT extends ExecutorCompositionContract {
    @Override
    MpContext context() {
        return Multiprocessing.context("spawn");
    }

    @Override
    boolean workersAreProcesses() {
        return true;
    }
}
