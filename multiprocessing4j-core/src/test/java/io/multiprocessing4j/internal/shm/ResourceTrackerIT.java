package io.multiprocessing4j.internal.shm;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.shared.SharedMemory;
import io.multiprocessing4j.shared.ShareableList;
import io.multiprocessing4j.sync.ProcessEvent;
import io.multiprocessing4j.sync.ProcessLock;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Lifetime: files go when their last user goes, never before, also when a creator is SIGKILLed. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResourceTrackerIT {

    @Test
    void killedCreatorsFilesAreUnlinkedExceptOneALiveProcessHolds() throws Exception {
        ShareableList names = ShareableList.create(java.util.Arrays.asList("x".repeat(64), "x".repeat(64), "x".repeat(64)));
        ProcessEvent ready = ProcessEvent.create();
        try {
            ChildProcess p = Multiprocessing.context("spawn").process((List<Object> a) -> {
                ShareableList out = (ShareableList) a.get(0);
                SharedMemory onlyMine = SharedMemory.create(4096);
                SharedMemory shared = SharedMemory.create(4096);
                ProcessLock lock = ProcessLock.create();
                lock.lock(); // killed while holding it, too
                shared.segment().set(java.lang.foreign.ValueLayout.JAVA_INT, 0, 42);
                out.set(0, onlyMine.name());
                out.set(1, shared.name());
                out.set(2, lock.name());
                ((ProcessEvent) a.get(1)).set();
                new java.util.concurrent.CountDownLatch(1).await();
            }, List.of(names, ready)).start();
            ready.await();
            String onlyMine = (String) names.get(0);
            String shared = (String) names.get(1);
            String lock = (String) names.get(2);
            try (SharedMemory held = SharedMemory.attach(shared)) {
                p.kill();
                p.join();
                ResourceTracker.sweep();
                assertThat(Files.exists(ShmFile.DIR.resolve(onlyMine))).as("segment only the killed creator used").isFalse();
                assertThat(Files.exists(ShmFile.DIR.resolve(lock))).as("lock only the killed creator used").isFalse();
                assertThat(Files.exists(ShmFile.DIR.resolve(shared))).as("segment a live process holds").isTrue();
                assertThat(held.segment().get(java.lang.foreign.ValueLayout.JAVA_INT, 0)).isEqualTo(42);
                try (SharedMemory again = SharedMemory.attach(shared)) {
                    assertThat(again.size()).isEqualTo(4096);
                }
                held.unlink();
            }
        } finally {
            ready.close();
            names.close();
            names.unlink();
        }
    }

    @Test
    void aReleasedHandleIsUnlinkedOnlyWhenTheLastUserReleasesIt() throws Exception {
        ProcessLock lock = ProcessLock.create();
        ProcessEvent go = ProcessEvent.create();
        ProcessEvent attached = ProcessEvent.create();
        try {
            ChildProcess p = Multiprocessing.context("spawn").process((List<Object> a) -> {
                ProcessLock l = (ProcessLock) a.get(0);
                ((ProcessEvent) a.get(2)).set();
                ((ProcessEvent) a.get(1)).await();
                l.lock();
                l.unlock();
            }, List.of(lock, go, attached)).start();
            attached.await();
            String name = lock.name();
            lock.close(); // the child still uses it
            assertThat(Files.exists(ShmFile.DIR.resolve(name))).isTrue();
            go.set();
            p.join();
            assertThat(p.exitCode()).isZero();
            ResourceTracker.sweep();
            assertThat(Files.exists(ShmFile.DIR.resolve(name))).as("unlinked once its last user exited").isFalse();
        } finally {
            go.close();
            attached.close();
        }
    }

    @Test
    void sweepRemovesHeaderlessFilesOfDeadCreatorsOnly() throws Exception {
        ChildProcess p = Multiprocessing.context("spawn").process(() -> { }).start();
        p.join();
        // join() returns once the child reported its exit; its JVM may still be tearing down
        ProcessHandle.of(p.pid()).ifPresent(h -> h.onExit().join());
        var dead = ShmFile.DIR.resolve("mp4j-" + p.pid() + "-leftover");
        var mine = ShmFile.DIR.resolve("mp4j-" + ProcessHandle.current().pid() + "-headerless");
        Files.write(dead, new byte[10]);
        Files.write(mine, new byte[10]);
        var longAgo = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 2 * ResourceTracker.HEADERLESS_GRACE_MS);
        Files.setLastModifiedTime(dead, longAgo);
        Files.setLastModifiedTime(mine, longAgo);
        try {
            ResourceTracker.sweep();
            assertThat(Files.exists(dead)).isFalse();
            assertThat(Files.exists(mine)).isTrue();
        } finally {
            Files.deleteIfExists(dead);
            Files.deleteIfExists(mine);
        }
    }

    @Test
    void slotsAreClaimedOncePerProcess() {
        List<ShmFile> views = new ArrayList<>();
        try (SharedMemory shm = SharedMemory.create(100)) {
            for (int i = 0; i < 3; i++) {
                views.add(Handles.attach(shm.name()));
            }
            assertThat(views).allMatch(v -> v == views.get(0));
            shm.unlink();
        } finally {
            views.get(0).release();
        }
    }
}
