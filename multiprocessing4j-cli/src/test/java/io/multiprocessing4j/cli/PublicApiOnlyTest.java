package io.multiprocessing4j.cli;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.Platform;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line is a client of the library like any other: it names no internal type, and what
 * {@code mp4j info} reports comes from the public {@link Multiprocessing#platform()}.
 */
class PublicApiOnlyTest {
    /** An internal type named by import or fully qualified; the sources here carry no such text in comments. */
    private static final Pattern INTERNAL = Pattern.compile("\\bio\\.multiprocessing4j\\.internal\\b");

    @Test
    void theCliSourcesNameNoInternalType() throws IOException {
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return INTERNAL.matcher(Files.readString(p)).find();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(offenders).as("CLI sources that name io.multiprocessing4j.internal").isEmpty();
    }

    @Test
    void thePlatformReportsWhatInfoPrints() {
        Platform p = Multiprocessing.platform();
        assertThat(p.cpus()).isEqualTo(Multiprocessing.cpuCount());
        assertThat(p.contexts()).contains("spawn", "thread").containsExactlyElementsOf(Multiprocessing.contextNames());
        assertThat(p.sharedMemoryDirectory()).isNotNull();
        assertThat(p.sharedMemoryWritable()).isEqualTo(Files.isDirectory(p.sharedMemoryDirectory())
                && Files.isWritable(p.sharedMemoryDirectory()));
        assertThat(p.spawnSupported()).isEqualTo(p.spawnMissing().isEmpty());
    }
}
