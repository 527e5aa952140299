package io.multiprocessing4j.cluster;

import io.multiprocessing4j.pool.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a node's death does to work in flight. */
class ClusterCrashIT {
    static ClusterContext ctx;

    @BeforeAll
    static void startCluster() {
        ctx = ClusterContext.local(2);
    }

    @AfterAll
    static void stopCluster() {
        if (ctx != null) {
            ctx.close();
        }
    }

    @Test
    void killingANodeMidMapLosesNothingAndReportsEveryItemOnce() {
        List<Integer> xs = IntStream.range(0, 400).boxed().toList();
        ProcessHandle victim = ctx.localNodes().getFirst();
        try (Pool pool = ctx.pool(2)) {
            Iterator<Long> it = pool.imap((Integer x) -> {
                Thread.sleep(5);
                return (long) x * x;
            }, xs, 4).iterator();
            List<Long> out = new ArrayList<>();
            while (it.hasNext()) {
                out.add(it.next());
                if (out.size() == 40) {
                    assertThat(victim.destroyForcibly()).isTrue(); // SIGKILL
                }
            }
            assertThat(out).containsExactlyElementsOf(xs.stream().map(x -> (long) x * x).toList());
        }
        assertThat(victim.isAlive()).isFalse();
        assertThat(ctx.serverCount()).isEqualTo(1);
    }

    @Test
    void closingTheContextStopsItsNodes() throws Exception {
        ClusterContext other = ClusterContext.local(1);
        List<ProcessHandle> nodes = other.localNodes();
        assertThat(nodes).allMatch(ProcessHandle::isAlive);
        other.close();
        for (ProcessHandle h : nodes) {
            h.onExit().get();
        }
        assertThat(nodes).noneMatch(ProcessHandle::isAlive);
    }
}
