package io.multiprocessing4j.shared;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;

/** The shared-memory contract on worker JVMs. */
class SpawnSharedIT extends SharedContract {
    @Override
    MpContext context() {
        return Multiprocessing.context("spawn");
    }
}
