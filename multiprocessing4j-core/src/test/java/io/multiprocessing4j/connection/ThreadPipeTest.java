package io.multiprocessing4j.connection;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;

/** The pipe contract in the thread context. */
class ThreadPipeTest extends PipeContract {
    @Override
    MpContext context() {
        return Multiprocessing.context("thread");
    }
}
