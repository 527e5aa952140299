package io.multiprocessing4j.internal.worker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;

class PoolWorkerRehearsalTest {

    @Test
    void aSpareRehearsesAChunkOfIntsAndAChunkOfItemsWithoutAPool() {
        // a spare swallows the rehearsal's failures (it is only a head start): prove there are none
        assertThatCode(PoolWorker::rehearse).doesNotThrowAnyException();
        assertThatCode(PoolWorker::rehearse).as("twice in one JVM").doesNotThrowAnyException();
    }
}
