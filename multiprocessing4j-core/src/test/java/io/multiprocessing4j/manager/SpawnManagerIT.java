package io.multiprocessing4j.manager;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;

class SpawnManagerIT extends ManagerContract {
    @Override
    MpContext context() {
        return Multiprocessing.context("spawn");
    }
}
