package io.multiprocessing4j.internal.spawn;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The private temporary directories that hold the worker sockets, one per JVM that launches
 * workers: {@code <tmp>/mp4j-<pid>-<start millis>-<random>}.
 *
 * <p>Implementation notes. A JVM removes its directory at exit, but not when it is killed with
 * SIGKILL or halted, so each launcher first removes the directories of owners that are gone: a
 * pid that is not alive, or alive with another start time (the pid was reused). The start time is
 * the one {@link ProcessHandle.Info#startInstant()} reports, read the same way by the owner and by
 * the sweeper; a second of slack absorbs rounding. Only directories of this name pattern owned by
 * this user are touched.
 */
public final class SocketDirs {
    private static final Pattern NAME = Pattern.compile("mp4j-(\\d+)-(\\d+)-[^/]*");
    private static final long SLACK_MILLIS = 1000;

    private SocketDirs() {
    }

    static Path tempRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Creates this JVM's directory, 0700 from the start. */
    static Path create() throws IOException {
        ProcessHandle me = ProcessHandle.current();
        long start = startMillis(me).orElse(0L);
        return Files.createTempDirectory(tempRoot(), "mp4j-" + me.pid() + "-" + start + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private static Optional<Long> startMillis(ProcessHandle h) {
        return h.info().startInstant().map(Instant::toEpochMilli);
    }

    /** Removes the directories whose owners are gone; best-effort. */
    public static List<Path> sweepStale() {
        List<Path> removed = new ArrayList<>();
        for (Path dir : stale()) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                removed.add(dir);
            } catch (IOException | RuntimeException ignored) {
                // another sweeper got there first, or it is not ours
            }
        }
        return removed;
    }

    /** The directories whose owner is no longer running. */
    public static List<Path> stale() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tempRoot(), "mp4j-*")) {
            for (Path p : ds) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p) && Files.isWritable(p) && ownerGone(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))) {
                    out.add(p);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // an unreadable temp directory: nothing we may clean
        }
        return out;
    }

    private static boolean ownerGone(long pid, long startMillis) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return true;
        }
        Optional<Long> start = startMillis(h.get());
        return start.isPresent() && startMillis != 0 && Math.abs(start.get() - startMillis) > SLACK_MILLIS;
    }
}
