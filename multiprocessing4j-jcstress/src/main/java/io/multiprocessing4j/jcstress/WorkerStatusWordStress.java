package io.multiprocessing4j.jcstress;

import io.multiprocessing4j.internal.wire.WorkerStatusWord;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import java.lang.foreign.Arena;

/**
 * The worker status seqlock: a reader racing one update sees the old snapshot or the new one,
 * never a mix of the two (which would, after a crash, blame the wrong item).
 *
 * <p>Every field of a snapshot is derived from one number (chunk n, item n, start n), so any torn
 * read shows as unequal fields.
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE, desc = "the snapshot before the update")
@Outcome(id = "2, 2, 2", expect = Expect.ACCEPTABLE, desc = "the snapshot after the update")
@Outcome(id = "-1, -1, 0", expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "the reader gave up while the writer was mid-update (reported as idle)")
@Outcome(expect = Expect.FORBIDDEN, desc = "a torn snapshot: fields of two different updates")
@State
public class WorkerStatusWordStress {
    private final WorkerStatusWord word;

    public WorkerStatusWordStress() {
        // one segment per state object; the arena is left to the garbage collector
        word = new WorkerStatusWord(Arena.ofAuto().allocate(WorkerStatusWord.SIZE, 64));
        word.running(1, 1, 1);
    }

    @Actor
    public void writer() {
        word.running(2, 2, 2);
    }

    @Actor
    public void reader(III_Result r) {
        WorkerStatusWord.Reading s = word.read();
        r.r1 = (int) s.chunkId();
        r.r2 = s.item();
        r.r3 = (int) s.startNanos();
    }
}
