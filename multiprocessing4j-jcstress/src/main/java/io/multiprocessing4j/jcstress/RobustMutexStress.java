package io.multiprocessing4j.jcstress;

import io.multiprocessing4j.internal.ipc.RobustMutex;
import io.multiprocessing4j.internal.ipc.Waiting;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The robust mutex excludes and publishes: two actors each increment a plain (non-atomic) counter
 * under the mutex; afterwards the counter is 2 and the mutex is free. A lost update would mean two
 * holders at once, or a holder that did not see its predecessor's writes.
 */
@JCStressTest
@Outcome(id = "2, 0", expect = Expect.ACCEPTABLE, desc = "both increments, one holder at a time; mutex free")
@Outcome(expect = Expect.FORBIDDEN, desc = "a lost update, or the mutex left held")
@State
public class RobustMutexStress {
    private static final long COUNTER = RobustMutex.BYTES;
    private final MemorySegment seg = Arena.ofAuto().allocate(RobustMutex.BYTES + 8, 64);

    private void increment() {
        try {
            RobustMutex.acquire(seg, 0, Waiting.FOREVER, false);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        long v = seg.get(ValueLayout.JAVA_LONG, COUNTER);
        seg.set(ValueLayout.JAVA_LONG, COUNTER, v + 1);
        RobustMutex.release(seg, 0, "the stress test's mutex");
    }

    @Actor
    public void first() {
        increment();
    }

    @Actor
    public void second() {
        increment();
    }

    @Arbiter
    public void check(II_Result r) {
        r.r1 = (int) seg.get(ValueLayout.JAVA_LONG, COUNTER);
        r.r2 = RobustMutex.isLocked(seg, 0) ? 1 : 0;
    }
}
