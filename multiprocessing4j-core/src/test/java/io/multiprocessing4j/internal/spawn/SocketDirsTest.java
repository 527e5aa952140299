package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.internal.ipc.Pids;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SocketDirsTest {

    @Test
    void directoriesOfDeadOrReusedPidsAreSweptAndLiveOnesKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long goneStart = Instant.now().toEpochMilli();
        Path root = SocketDirs.tempRoot();
        Path dead = Files.createDirectory(root.resolve("mp4j-" + gone.pid() + "-" + goneStart + "-test"));
        Files.writeString(dead.resolve("w.sock"), "stale");
        ProcessHandle me = ProcessHandle.current();
        // this JVM's pid with another start (a second earlier): the pid was reused after the owner died
        long otherStart = (Pids.SELF_START & Pids.TICKS) != 0 ? Pids.SELF_START - 100 : Pids.SELF_START - 3_600_000;
        Path reused = Files.createDirectory(root.resolve("mp4j-" + me.pid() + "-" + otherStart + "-test"));
        Path live = SocketDirs.create();
        try {
            assertThat(SocketDirs.sweepStale()).contains(dead, reused).doesNotContain(live);
            assertThat(dead).doesNotExist();
            assertThat(reused).doesNotExist();
            assertThat(live).isDirectory();
        } finally {
            Files.deleteIfExists(live);
        }
    }
}
