package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.internal.ipc.Pids;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The private temporary directories that hold the worker sockets, one per JVM that launches
 * workers: {@code <tmp>/mp4j-<pid>-<start token>-<random>}.
 *
 * <p>Implementation notes. A JVM removes its directory at exit, but not when it is killed with
 * SIGKILL or halted, so each launcher first removes the directories of owners that are gone: a
 * pid that is not alive, or alive with another start (the pid was reused). The start is the token
 * {@link Pids#startOf} gives, read the same way by the owner and by the sweeper: clock ticks since
 * boot on Linux, so a step of the wall clock cannot make a live owner look gone (see {@code Pids}).
 * Only directories of this name pattern owned by this user are touched.
 */
public final class SocketDirs {
    private static final Pattern NAME = Pattern.compile("mp4j-(\\d+)-(\\d+)-[^/]*");

    private SocketDirs() {
    }

    static Path tempRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Creates this JVM's directory, 0700 from the start. */
    static Path create() throws IOException {
        return Files.createTempDirectory(tempRoot(), "mp4j-" + Pids.SELF + "-" + Pids.SELF_START + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
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

    private static boolean ownerGone(long pid, long start) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return true;
        }
        return !Pids.sameStart(start, Pids.startOf(pid));
    }
}
