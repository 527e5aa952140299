package io.multiprocessing4j.jcstress;

import io.multiprocessing4j.internal.wire.WorkerStatusWord;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

import java.lang.foreign.Arena;

/**
 * The worker status word within one chunk, where an item is a single store rather than a seqlock
 * update: a reader racing the next item sees the item before or the item after, each with its own
 * start, never one item's index with the other's start.
 */
@JCStressTest
@Outcome(id = "5, 1, 1000", expect = Expect.ACCEPTABLE, desc = "the item before the update")
@Outcome(id = "5, 2, 3000", expect = Expect.ACCEPTABLE, desc = "the item after the update")
@Outcome(id = "-1, -1, 0", expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "the reader gave up while the writer was mid-update (reported as idle)")
@Outcome(expect = Expect.FORBIDDEN, desc = "a torn snapshot: one item's index with another's start")
@State
public class WorkerStatusItemStress {
    private final WorkerStatusWord word;

    public WorkerStatusItemStress() {
        // one segment per state object; the arena is left to the garbage collector
        word = new WorkerStatusWord(Arena.ofAuto().allocate(WorkerStatusWord.SIZE, 64));
        word.running(5, 1, 1000);
    }

    @Actor
    public void writer() {
        word.running(5, 2, 3000);
    }

    @Actor
    public void reader(JJJ_Result r) {
        WorkerStatusWord.Reading s = word.read();
        r.r1 = s.chunkId();
        r.r2 = s.item();
        r.r3 = s.startNanos();
    }
}
