package io.multiprocessing4j.pool;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;

class ThreadExecutorCompositionTest extends ExecutorCompositionContract {
    @Override
    MpContext context() {
        return Multiprocessing.context("thread");
    }

    @Override
    boolean workersAreProcesses() {
        return false;
    }
}
