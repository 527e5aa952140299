package io.multiprocessing4j.process;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;

class ThreadChildProcessTest extends ChildProcessContract {
    @Override
    MpContext context() {
        return Multiprocessing.context("thread");
    }
}
