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
    final Set<Class<?>> classes = new LinkedHashSet<>();
    final Set<Class<?>> instanceClasses = new LinkedHashSet<>();
    final List<SerializedLambda> lambdas = new ArrayList<>();

    @Override
    public void classWritten(Class<?> c) {
        classes.add(c);
    }

    @Override
    public void objectWritten(Object o) {
        if (o instanceof SerializedLambda sl) {
            lambdas.add(sl);
        } else if (!(o instanceof Class<?>) && !(o instanceof String) && !(o instanceof Number)) {
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
