package io.multiprocessing4j.internal.pool;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AutoChunkSizeTest {

    private static final double UNKNOWN = -1;

    @Test
    void tenSlowItemsOnFiveWorkersGoOutOneAtATimeAndOnePerWorker() {
        // Pool(5).map(sleep, [0.1 .. 1.0]): CPython's ceil(10 / (4 * 5)) = 1
        assertThat(PoolEngine.autoChunkSize(10, 5, UNKNOWN)).isEqualTo(1);
        assertThat(PoolEngine.autoChunkSize(9, 5, 100_000_000)).isEqualTo(1);
        assertThat(PoolEngine.windowChunks(UNKNOWN, 1, 10, 5)).isEqualTo(1);
        assertThat(PoolEngine.windowChunks(100_000_000, 1, 5, 5)).isEqualTo(1);
    }

    @Test
    void fewItemsNeverMakeFewerChunksThanWorkers() {
        for (int workers = 1; workers <= 16; workers++) {
            for (long items = workers; items <= 200; items++) {
                for (double nanos : new double[] {UNKNOWN, 10, 1_000, 1_000_000, 1_000_000_000}) {
                    int size = PoolEngine.autoChunkSize(items, workers, nanos);
                    long chunks = (items + size - 1) / size;
                    assertThat(chunks).as("%d items, %d workers, %s ns/item", items, workers, nanos)
                            .isGreaterThanOrEqualTo(workers);
                }
            }
        }
    }

    @Test
    void aWorkerHoldsOneChunkUntilItemTimeIsKnownAndLongChunksOneAtATimeNearTheEnd() {
        assertThat(PoolEngine.windowChunks(UNKNOWN, 16, 10_000, 2)).isEqualTo(1);
        assertThat(PoolEngine.windowChunks(PoolEngine.TARGET_WINDOW_NANOS, 1, 4, 2)).isEqualTo(1);
    }

    @Test
    void longChunksWithManyLeftGoTwoAtATimeSoNoWorkerWaitsForARoundTrip() {
        assertThat(PoolEngine.windowChunks(PoolEngine.AUTO_WINDOW_NANOS, 1, 10_000, 2)).isEqualTo(2);
    }

    @Test
    void automaticChunksOfAFewMillisecondsGoSeveralAtATimeToCoverARoundTripOnABusyMachine() {
        // 2.5 ms chunks: four in hand cover the 10 ms a round trip can take when every core runs items
        assertThat(PoolEngine.windowChunks(50_000, 50, 1_000_000, 2)).isEqualTo(4);
        // long automatic chunks: still two, so a worker that frees up sooner finds work left
        assertThat(PoolEngine.windowChunks(100_000_000, 1, 1_000, 2)).isEqualTo(2);
    }

    @Test
    void aFreshPoolsLargeFirstChunksAreNotHeldSeveralAtATime() {
        // the first items were cheap, so chunks hit their cap of an eighth of the input: a deep window
        // would hand one worker most of the work
        int capped = PoolEngine.autoChunkSize(49_000, 2, 300);
        assertThat(capped).isEqualTo(6125);
        assertThat(PoolEngine.windowChunks(300, capped, 49_000, 2)).isEqualTo(2);
    }

    @Test
    void tinyItemsStillGoInLargeChunksWithSeveralInFlight() {
        int size = PoolEngine.autoChunkSize(1_000_000, 2, 50);
        assertThat(size).isEqualTo((int) (PoolEngine.TARGET_CHUNK_NANOS / 50));
        assertThat(PoolEngine.windowChunks(50, size, 1_000_000, 2)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aLongJobGoesInLongChunksWhileMuchIsLeftSoRoundTripsDoNotPreemptTheItems() {
        // perfect at n = 50 000 half done: 40 us items, 25 000 left on two workers = 500 ms each
        long target = PoolEngine.targetChunkNanos(25_000, 2, 40_000);
        assertThat(target).isEqualTo(500_000_000L / PoolEngine.GUIDED_CHUNKS);
        assertThat(PoolEngine.autoChunkSize(25_000, 2, 40_000)).isEqualTo((int) (target / 40_000));
        // never more than the longest chunk, however much is left
        assertThat(PoolEngine.targetChunkNanos(10_000_000, 2, 40_000)).isEqualTo(PoolEngine.MAX_CHUNK_NANOS);
    }

    @Test
    void chunksShrinkToTheTargetNearTheEndSoNoWorkerIsLeftWithALongLastChunk() {
        // 1 000 items of 40 us left on two workers: 20 ms each, chunks of the 2 ms target
        assertThat(PoolEngine.targetChunkNanos(1_000, 2, 40_000)).isEqualTo(PoolEngine.TARGET_CHUNK_NANOS);
        assertThat(PoolEngine.autoChunkSize(1_000, 2, 40_000)).isEqualTo(50);
        // unknown length (a stream) or item time: the target
        assertThat(PoolEngine.targetChunkNanos(-1, 2, 40_000)).isEqualTo(PoolEngine.TARGET_CHUNK_NANOS);
        assertThat(PoolEngine.targetChunkNanos(1_000, 2, UNKNOWN)).isEqualTo(PoolEngine.TARGET_CHUNK_NANOS);
    }

    @Test
    void subMicrosecondItemsKeepTheTargetChunkHoweverManyAreLeft() {
        // map over a million tiny items: the caller's per-item work sets the pace, in small steps
        assertThat(PoolEngine.targetChunkNanos(1_000_000, 2, 80)).isEqualTo(PoolEngine.TARGET_CHUNK_NANOS);
        assertThat(PoolEngine.targetChunkNanos(100_000_000, 2, 999)).isEqualTo(PoolEngine.TARGET_CHUNK_NANOS);
    }
}
