package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.internal.ipc.ShmFile;
import io.multiprocessing4j.internal.wire.WorkerStatusWord;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * The pool status words made for spares ({@link SpawnRuntime}) and not yet removed or handed to a
 * pool: each one's file exists exactly while its name is here.
 *
 * <p>Implementation notes. Creating a word and recording it, and removing one and forgetting it,
 * each happen under one lock, so that a look at {@code /dev/shm} taken under the same lock
 * ({@link #steady}) sees the files and the names agree: a test that tells a spare's word from a
 * leak would otherwise catch a word between its file's creation and its record. Thread-safe.
 */
final class SpareStatusWords {
    private static final Object LOCK = new Object();
    private static final Set<String> NAMES = new HashSet<>(); // guarded by LOCK

    private SpareStatusWords() {
    }

    /** Creates a status word for a spare about to be launched. */
    static ShmFile create() throws IOException {
        synchronized (LOCK) {
            ShmFile word = ShmFile.create(ShmFile.newName(), WorkerStatusWord.SIZE);
            NAMES.add(word.name());
            return word;
        }
    }

    /** A pool took the word with its spare: the pool removes it now, when it is done with the worker. */
    static void handedToPool(ShmFile word) {
        synchronized (LOCK) {
            NAMES.remove(word.name());
        }
    }

    /** Unmaps and removes a word no pool took. */
    static void release(ShmFile word) {
        synchronized (LOCK) {
            word.close();
            ShmFile.unlink(word.name());
            NAMES.remove(word.name());
        }
    }

    /** Runs {@code look} with the names of the words that exist, while none is made or removed. */
    static <T> T steady(Function<Set<String>, T> look) {
        synchronized (LOCK) {
            return look.apply(Set.copyOf(NAMES));
        }
    }
}
