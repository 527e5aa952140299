package io.multiprocessing4j.manager;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;

class ThreadManagerTest extends ManagerContract {
    @Override
    MpContext context() {
        return Multiprocessing.context("thread");
    }
}
