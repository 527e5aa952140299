package io.multiprocessing4j.shared;

import io.multiprocessing4j.internal.shm.ShmFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After {@code close()} a process is no longer a user of a block; once the last user is gone the
 * block is removed within 5 s by the periodic sweep of a live process that uses shared memory.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedMemoryLifetimeIT {

    /** The creator: a program of its own (not a child the spawn context watches), killed by the test. */
    public static void main(String[] args) throws Exception {
        SharedMemory shm = SharedMemory.create(4096);
        System.out.println(shm.name());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    @Test
    void aBlockWhoseCreatorWasKilledAndWhoseOtherUserClosedItGoesWithinFiveSeconds() throws Exception {
        try (SharedMemory mine = SharedMemory.create(64)) { // this process uses shared memory: it sweeps
            Process creator = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    SharedMemoryLifetimeIT.class.getName()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                String name;
                try (BufferedReader r = new BufferedReader(new InputStreamReader(creator.getInputStream(), StandardCharsets.UTF_8))) {
                    name = r.readLine();
                }
                assertThat(name).startsWith("mp4j-");
                Path file = ShmFile.DIR.resolve(name);
                try (SharedMemory attached = SharedMemory.attach(name)) {
                    assertThat(attached.size()).isEqualTo(4096);
                }
                assertThat(file).as("the creator is alive and still uses it").exists();
                creator.destroyForcibly();
                creator.waitFor();
                long killed = System.nanoTime();
                while (Files.exists(file) && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(5)) {
                    Thread.sleep(50); // waiting on a file's removal: there is no event to wait for
                }
                assertThat(file).as("removed within 5 s of the last user's death").doesNotExist();
            } finally {
                creator.destroyForcibly();
            }
            mine.unlink();
        }
    }
}
