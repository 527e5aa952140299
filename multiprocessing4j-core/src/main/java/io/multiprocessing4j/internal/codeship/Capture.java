package io.multiprocessing4j.internal.codeship;

import io.multiprocessing4j.internal.serial.DefaultSerializer;

import java.lang.invoke.SerializedLambda;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Records what one serialization stream is made of: the classes it names, the classes of the
 * objects it holds, and the lambdas it carries. Used once, by one thread.
 */
final class Capture implements DefaultSerializer.StreamObserver {
    // allocated at the first JDK-serialized value: most values take the fast path and see nothing
    Set<Class<?>> classes = Set.of();
    Set<Class<?>> instanceClasses = Set.of();
    List<SerializedLambda> lambdas = List.of();

    @Override
    public void classWritten(Class<?> c) {
        if (classes.isEmpty()) {
            classes = new LinkedHashSet<>();
        }
        classes.add(c);
    }

    @Override
    public void objectWritten(Object o) {
        if (o instanceof SerializedLambda sl) {
            if (lambdas.isEmpty()) {
                lambdas = new ArrayList<>();
            }
            lambdas.add(sl);
        } else if (!(o instanceof Class<?>) && !(o instanceof String) && !(o instanceof Number)) {
            if (instanceClasses.isEmpty()) {
                instanceClasses = new LinkedHashSet<>();
            }
            instanceClasses.add(o.getClass());
        }
    }

    /** True when some class of the stream must travel (or cannot, which the builder reports). */
    boolean needsShipping() {
        for (Class<?> c : classes) {
            if (WorkerClassPath.of(c) != WorkerClassPath.Verdict.WORKER_HAS) {
                return true;
            }
        }
        return false;
    }
}
