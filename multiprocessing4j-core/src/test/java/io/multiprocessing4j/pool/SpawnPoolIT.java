package io.multiprocessing4j.pool;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;

class SpawnPoolIT extends PoolContract {
    @Override
    MpContext context() {
        return Multiprocessing.context("spawn");
    }
}
