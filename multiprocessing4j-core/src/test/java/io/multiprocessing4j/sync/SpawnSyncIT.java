package io.multiprocessing4j.sync;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;

/** The sync contract on worker JVMs. */
class SpawnSyncIT extends SyncContract {
    @Override
    MpContext context() {
        return Multiprocessing.context("spawn");
    }
}
