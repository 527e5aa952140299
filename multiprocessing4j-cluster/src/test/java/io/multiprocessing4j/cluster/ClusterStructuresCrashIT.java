package io.multiprocessing4j.cluster;

import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.queue.ProcessQueue;
import io.multiprocessing4j.shared.SharedLong;
import io.multiprocessing4j.sync.LockOwnerDiedException;
import io.multiprocessing4j.sync.ProcessEvent;
import io.multiprocessing4j.sync.ProcessLock;
import io.multiprocessing4j.sync.ProcessSemaphore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the SIGKILL of a server node does to the cluster's locks and queues. One cluster of three
 * nodes for the class: each test kills one, so every test still has two and its data a backup.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterStructuresCrashIT {
    static ClusterContext ctx;

    @BeforeAll
    static void startCluster() {
        ctx = ClusterContext.local(3);
    }

    @AfterAll
    static void stopCluster() {
        if (ctx != null) {
            ctx.close();
        }
    }

    /** Kills (SIGKILL) the node JVM whose pid the child reported, and waits until it is gone. */
    private static void killNode(long pid) throws Exception {
        ProcessHandle node = ProcessHandle.of(pid).orElseThrow();
        assertThat(ctx.localNodes()).contains(node);
        assertThat(node.destroyForcibly()).isTrue();
        node.onExit().get(30, TimeUnit.SECONDS);
    }

    record Holder(ProcessLock flagging, ProcessLock throwing, ProcessSemaphore permit, SharedLong pid, ProcessEvent held,
                  ProcessEvent never) implements Serializable {
    }

    @Test
    void killingTheNodeThatHoldsALockAndAPermitReleasesThemAndTheNextHolderIsTold() throws Exception {
        ProcessSemaphore permit = ctx.semaphore(1);
        ProcessLock flagging = ctx.lock();
        ProcessLock throwing = ctx.lock().throwOnOwnerDeath(true);
        SharedLong pid = ctx.rawSharedLong(0);
        ProcessEvent held = ctx.event();
        ProcessEvent never = ctx.event();
        ChildProcess holder = ctx.process((Holder h) -> {
            h.flagging().lock();
            h.throwing().lock();
            h.permit().acquire();
            h.pid().set(ProcessHandle.current().pid());
            h.held().set();
            h.never().await(); // holds both locks and the permit until its node is killed
        }, new Holder(flagging, throwing, permit, pid, held, never)).start();
        assertThat(held.await(Duration.ofSeconds(60))).isTrue();
        assertThat(flagging.tryLock()).isFalse();
        assertThat(permit.tryAcquire()).isFalse();
        long dead = pid.get();

        killNode(dead);

        // Ignite releases it within about a second; 20 s leaves room for a loaded machine, not for a lost wake-up
        assertThat(flagging.tryLock(20, TimeUnit.SECONDS)).as("the dead holder's lock is released").isTrue();
        assertThat(flagging.lastOwnerDied()).isTrue();
        flagging.unlock();
        assertThatThrownBy(throwing::lock).isInstanceOf(LockOwnerDiedException.class)
                .satisfies(e -> assertThat(((LockOwnerDiedException) e).deadPid()).isEqualTo(dead));
        assertThat(throwing.isHeldByCurrentThread()).as("the caller holds the lock after the exception").isTrue();
        throwing.unlock();
        assertThat(permit.tryAcquire(20, TimeUnit.SECONDS)).as("the dead holder's permit is given back").isTrue();
        holder.join();
        assertThat(holder.exitCode()).isEqualTo(-9);

        flagging.lock(); // a normal hand-over afterwards is not a death
        assertThat(flagging.lastOwnerDied()).isFalse();
        flagging.unlock();
    }

    record Consumer(ProcessQueue<Integer> items, ProcessQueue<Integer> empty, SharedLong pid, ProcessEvent took)
            implements Serializable {
    }

    @Test
    void killingAConsumerMidTakeLosesNoItemItHadNotTaken() throws Exception {
        ProcessQueue<Integer> items = ctx.queue();
        ProcessQueue<Integer> empty = ctx.queue();
        for (int i = 0; i < 200; i++) {
            items.put(i);
        }
        SharedLong pid = ctx.rawSharedLong(0);
        ProcessEvent took = ctx.event();
        ChildProcess consumer = ctx.process((Consumer c) -> {
            for (int i = 0; i < 20; i++) {
                c.items().take();
            }
            c.pid().set(ProcessHandle.current().pid());
            c.took().set();
            c.empty().take(); // blocked in take() when its node dies
        }, new Consumer(items, empty, pid, took)).start();
        assertThat(took.await(Duration.ofSeconds(60))).isTrue();

        killNode(pid.get());

        List<Integer> rest = new ArrayList<>();
        items.drainTo(rest);
        assertThat(rest).as("every item the consumer had not taken, once, in order")
                .containsExactlyElementsOf(IntStream.range(20, 200).boxed().toList());
        empty.put(7);
        assertThat(empty.poll(30, TimeUnit.SECONDS)).as("the dead node's blocked take swallowed nothing").isEqualTo(7);
        consumer.join();
        assertThat(consumer.exitCode()).isEqualTo(-9);
    }
}
