package io.multiprocessing4j.internal.spawn;

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
        long myStart = me.info().startInstant().orElseThrow().toEpochMilli();
        // this JVM's pid with another start time: the pid was reused after the owner died
        Path reused = Files.createDirectory(root.resolve("mp4j-" + me.pid() + "-" + (myStart - 3_600_000) + "-test"));
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
