package io.multiprocessing4j.internal.shm;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Shared-memory segments are owner-only from the instant they exist: created with mode 0600 by the
 * {@code open} call itself, never opened with the umask's mode and narrowed afterwards.
 */
class OwnerOnlyFilesIT {

    @Test
    void aNewSegmentHasModeSixHundred() throws Exception {
        try (ShmFile f = ShmFile.create(ShmFile.newName(), 4096)) {
            Path p = ShmFile.DIR.resolve(f.name());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------");
            ShmFile.unlink(f.name());
        }
    }

    /**
     * Another user watches {@code /dev/shm} and tries to open every new {@code mp4j-*} file while
     * this process creates a few hundred: with a chmod after creation it won some of those races
     * (14 of 300 in a probe); created 0600 it can win none. Needs root, to run the watcher as
     * {@code nobody}.
     */
    @Test
    void anotherUserCannotOpenASegmentWhileItIsBeingCreated() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        assumeTrue(isRoot(), "skipped: only root can run the watcher as another user (nobody)");
        assumeTrue(Files.isExecutable(setpriv), "skipped: setpriv (util-linux) is needed to run the watcher as nobody");
        Path dir = Files.createTempDirectory("mp4j-watcher-test");
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path source = dir.resolve("Watcher.java");
            Files.writeString(source, WATCHER);
            Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));
            Path stop = dir.resolve("stop");
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process watcher = new ProcessBuilder(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
                    java, "-Xshare:auto", source.toString(), ShmFile.DIR.toString(), stop.toString(),
                    // only this JVM's segments: other programs on the machine have their own
                    ShmFile.PREFIX + ProcessHandle.current().pid() + "-*")
                    .redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(watcher.getInputStream(), StandardCharsets.UTF_8))) {
                String first = out.readLine();
                assertThat(first).as("the watcher's first line").isEqualTo("READY");
                int created = 0;
                List<ShmFile> files = new ArrayList<>();
                List<String> lines = new ArrayList<>();
                try {
                    for (int i = 0; i < 400; i++) {
                        files.add(ShmFile.create(ShmFile.newName(), 4096));
                        created++;
                    }
                    Files.createFile(stop);
                    // the watcher makes one last pass over the finished files, then exits
                    String line;
                    while ((line = out.readLine()) != null) {
                        lines.add(line);
                    }
                    assertThat(watcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
                } finally {
                    for (ShmFile f : files) {
                        f.close();
                        ShmFile.unlink(f.name());
                    }
                }
                assertThat(created).isEqualTo(400);
                String last = lines.isEmpty() ? "" : lines.getLast();
                assertThat(last).as("watcher output %s", lines).startsWith("seen ");
                assertThat(lines).as("segments the other user opened").noneMatch(l -> l.startsWith("OPENED "));
                assertThat(Long.parseLong(last.split(" ")[1])).as("segments the watcher saw appear").isPositive();
            } finally {
                watcher.destroyForcibly();
            }
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static boolean isRoot() {
        try {
            return "0".equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString());
        } catch (Exception | Error e) {
            return false;
        }
    }

    /** Lists the directory in a loop and tries to open each new mp4j-* file for reading. */
    private static final String WATCHER = """
            import java.nio.file.*;
            import java.util.*;
            public class Watcher {
                public static void main(String[] a) throws Exception {
                    Path dir = Path.of(a[0]);
                    Path stop = Path.of(a[1]);
                    Set<String> seen = new HashSet<>();
                    System.out.println("READY");
                    System.out.flush();
                    boolean last = false;
                    while (!last) {
                        last = Files.exists(stop);
                        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, a[2])) {
                            for (Path p : ds) {
                                if (seen.add(p.getFileName().toString())) {
                                    try (var ch = Files.newByteChannel(p, StandardOpenOption.READ)) {
                                        System.out.println("OPENED " + p.getFileName());
                                    } catch (Exception e) {
                                        // refused, or gone: what we want
                                    }
                                }
                            }
                        }
                    }
                    System.out.println("seen " + seen.size());
                }
            }
            """;
}
