package io.multiprocessing4j.shared;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;

/** The typecode, struct and record contract on threads. */
class ThreadCtypesTest extends CtypesContract {
    @Override
    MpContext context() {
        return Multiprocessing.context("thread");
    }
}
