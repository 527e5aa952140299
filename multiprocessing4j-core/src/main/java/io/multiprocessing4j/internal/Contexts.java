package io.multiprocessing4j.internal;

import io.multiprocessing4j.process.ChildProcess;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The context names, and the registry of the live children every context started. (The contexts
 * themselves are looked up in {@code Multiprocessing}, so this package depends on none of them.)
 */
public final class Contexts {
    public static final String SPAWN = "spawn";
    public static final String THREAD = "thread";

    private static final Set<ChildProcess> ACTIVE = ConcurrentHashMap.newKeySet();

    private Contexts() {
    }

    public static Set<String> names() {
        return new LinkedHashSet<>(List.of(SPAWN, THREAD));
    }

    public static void childStarted(ChildProcess p) {
        ACTIVE.add(p);
    }

    public static void childEnded(ChildProcess p) {
        ACTIVE.remove(p);
    }

    public static List<ChildProcess> activeChildren() {
        List<ChildProcess> live = new ArrayList<>();
        for (ChildProcess p : ACTIVE) {
            if (p.isAlive()) {
                live.add(p);
            }
        }
        return live;
    }
}
