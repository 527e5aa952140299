package io.multiprocessing4j.internal.serial;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Finds the path from a value to the first object in its graph that cannot be serialized, so
 * the error names it: {@code captured arg$1 -> Foo.socket (java.net.Socket is not Serializable)}.
 *
 * <p>Implementation notes. JDK serialization reports only the class that failed, not where it was
 * reached from ({@code -Dsun.io.serialization.extendedDebugInfo} must be set at JVM start). This
 * walk runs only after serialization has already failed, so its cost does not matter. It looks
 * through serializable lambdas by calling their {@code writeReplace} (the captured arguments of a
 * {@link SerializedLambda}), into arrays, collections and maps, and into the non-transient
 * instance fields of serializable classes. Fields of JDK classes that strong encapsulation keeps
 * closed are skipped: the walk is best-effort and falls back to the JDK's message.
 */
final class SerializabilityInspector {
    private SerializabilityInspector() {
    }

    static String explain(Object root, Exception failure) {
        String path = findPath(root);
        String rootName = DefaultSerializer.describe(root);
        if (path != null) {
            return "cannot serialize " + rootName + ": " + path;
        }
        return "cannot serialize " + rootName + ": " + failure;
    }

    private record Step(Object value, String path, int depth) {
    }

    static String findPath(Object root) {
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Step> todo = new ArrayDeque<>();
        todo.push(new Step(root, "", 0));
        while (!todo.isEmpty()) {
            Step s = todo.pop();
            Object v = s.value();
            if (v == null || seen.put(v, Boolean.TRUE) != null || s.depth() > 64) {
                continue;
            }
            Class<?> c = v.getClass();
            if (c.isPrimitive() || v instanceof String || v instanceof Number || v instanceof Boolean
                    || v instanceof Character || v instanceof Enum<?> || v instanceof Class<?>) {
                continue;
            }
            if (c.isArray()) {
                if (!c.getComponentType().isPrimitive()) {
                    int n = Array.getLength(v);
                    for (int i = n - 1; i >= 0; i--) {
                        todo.push(new Step(Array.get(v, i), join(s.path(), "[" + i + "]"), s.depth() + 1));
                    }
                }
                continue;
            }
            if (!(v instanceof Serializable)) {
                String where = s.path().isEmpty() ? "" : s.path() + " ";
                return where + "(" + c.getName() + " is not Serializable)";
            }
            SerializedLambda lambda = asSerializedLambda(v);
            if (lambda != null) {
                for (int i = lambda.getCapturedArgCount() - 1; i >= 0; i--) {
                    todo.push(new Step(lambda.getCapturedArg(i), join(s.path(), "captured arg$" + (i + 1)),
                            s.depth() + 1));
                }
                continue;
            }
            if (v instanceof Collection<?> coll && c.getName().startsWith("java.")) {
                int i = 0;
                for (Object e : coll) {
                    todo.push(new Step(e, join(s.path(), simpleName(c) + "[" + i++ + "]"), s.depth() + 1));
                }
                continue;
            }
            if (v instanceof Map<?, ?> map && c.getName().startsWith("java.")) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    todo.push(new Step(e.getKey(), join(s.path(), simpleName(c) + " key " + e.getKey()), s.depth() + 1));
                    todo.push(new Step(e.getValue(), join(s.path(), simpleName(c) + "[" + e.getKey() + "]"),
                            s.depth() + 1));
                }
                continue;
            }
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    int m = f.getModifiers();
                    if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.getType().isPrimitive()) {
                        continue;
                    }
                    try {
                        f.setAccessible(true);
                        todo.push(new Step(f.get(v), join(s.path(), simpleName(k) + "." + f.getName()), s.depth() + 1));
                    } catch (RuntimeException | IllegalAccessException e) {
                        // closed by strong encapsulation: skip, the walk is best-effort
                    }
                }
            }
        }
        return null;
    }

    private static SerializedLambda asSerializedLambda(Object v) {
        Class<?> c = v.getClass();
        if (!c.isSynthetic() && !c.isHidden()) {
            return null;
        }
        try {
            Method wr = c.getDeclaredMethod("writeReplace");
            wr.setAccessible(true);
            return wr.invoke(v) instanceof SerializedLambda sl ? sl : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static String simpleName(Class<?> c) {
        String n = c.getSimpleName();
        return n.isEmpty() ? c.getName() : n;
    }

    private static String join(String path, String step) {
        return path.isEmpty() ? step : path + " -> " + step;
    }
}
