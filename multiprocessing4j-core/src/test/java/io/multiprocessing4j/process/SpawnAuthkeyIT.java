package io.multiprocessing4j.process;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;

/** The authkey contract on worker JVMs. */
class SpawnAuthkeyIT extends AuthkeyContract {
    @Override
    MpContext context() {
        return Multiprocessing.context("spawn");
    }
}
