package io.multiprocessing4j.internal;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.internal.spawn.SpawnContext;
import io.multiprocessing4j.internal.thread.ThreadContext;
import io.multiprocessing4j.process.ChildProcess;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The registry of named contexts and of the live children they started. */
public final class Contexts {
    public static final String SPAWN = "spawn";
    public static final String THREAD = "thread";

    private static final Map<String, MpContext> BY_NAME = new ConcurrentHashMap<>();
    private static final Set<ChildProcess> ACTIVE = ConcurrentHashMap.newKeySet();

    private Contexts() {
    }

    public static MpContext byName(String name) {
        if (name == null) {
            throw new NullPointerException("context name is null; use one of " + names());
        }
        return switch (name) {
            case SPAWN -> BY_NAME.computeIfAbsent(SPAWN, n -> new SpawnContext());
            case THREAD -> BY_NAME.computeIfAbsent(THREAD, n -> new ThreadContext());
            default -> throw new IllegalArgumentException("unknown context '" + name + "'; known contexts: " + names()
                    + " (the cluster context comes with the multiprocessing4j-cluster module)");
        };
    }

    public static MpContext defaultContext() {
        return byName(System.getProperty("mp4j.context", SPAWN));
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
