package io.multiprocessing4j.internal.manager;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A type the manager can create: its name, the interface its proxies implement, how to make one,
 * and how calls on it are scheduled.
 *
 * @param name the type name clients create it by
 * @param iface the only interface whose methods may be called
 * @param factory makes an instance from the client's arguments
 * @param locked calls run one at a time under the object's lock (collections); otherwise
 *     concurrently (queues, locks, events: their methods block)
 * @param threadAffine the object tracks its owning thread (a reentrant lock), so a client thread
 *     must keep using one connection, hence one server thread
 * @param methods the callable methods by key
 * @param exposed the method names a registration exposed (Python's {@code exposed=}), or null for all
 */
record TypeSpec(String name, Class<?> iface, Factory factory, boolean locked, boolean threadAffine,
                Map<String, Method> methods, java.util.Set<String> exposed) {

    /**
     * A factory argument that names another object of the same manager (the lock of a condition):
     * the server passes that object itself to the factory, not a proxy of it.
     */
    record Ref(long id) implements java.io.Serializable {
    }

    @FunctionalInterface
    interface Factory {
        Object create(List<Object> args) throws Exception;
    }

    TypeSpec(String name, Class<?> iface, Factory factory, boolean locked, boolean threadAffine) {
        this(name, iface, factory, locked, threadAffine, methodsOf(iface), null);
    }

    static String key(Method m) {
        StringBuilder b = new StringBuilder(m.getName()).append('(');
        Class<?>[] ps = m.getParameterTypes();
        for (int i = 0; i < ps.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(ps[i].getName());
        }
        return b.append(')').toString();
    }

    private static Map<String, Method> methodsOf(Class<?> iface) {
        Map<String, Method> byKey = new HashMap<>();
        for (Method m : iface.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                byKey.put(key(m), m);
            }
        }
        for (String n : List.of("toString", "hashCode")) {
            try {
                Method m = Object.class.getMethod(n);
                byKey.put(key(m), m);
            } catch (NoSuchMethodException e) {
                throw new AssertionError(e);
            }
        }
        try {
            Method eq = Object.class.getMethod("equals", Object.class);
            byKey.put(key(eq), eq);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        return Map.copyOf(byKey);
    }

    /** Built once per JVM: finding each interface's methods by reflection costs about a millisecond. */
    private static final Map<String, TypeSpec> BUILT_INS = makeBuiltIns();

    /** The built-in types; immutable, shared by every server in this JVM. */
    static Map<String, TypeSpec> builtIns() {
        return BUILT_INS;
    }

    private static Map<String, TypeSpec> makeBuiltIns() {
        Map<String, TypeSpec> m = new HashMap<>();
        add(m, new TypeSpec("dict", Map.class, args -> {
            java.util.LinkedHashMap<Object, Object> map = new java.util.LinkedHashMap<>();
            if (!args.isEmpty() && args.getFirst() instanceof Map<?, ?> initial) {
                map.putAll(initial);
            }
            return map;
        }, true, false));
        add(m, new TypeSpec("list", List.class, args -> {
            java.util.ArrayList<Object> list = new java.util.ArrayList<>();
            if (!args.isEmpty() && args.getFirst() instanceof java.util.Collection<?> initial) {
                list.addAll(initial);
            }
            return list;
        }, true, false));
        add(m, new TypeSpec("namespace", io.multiprocessing4j.manager.Namespace.class,
                args -> new ServerObjects.NamespaceImpl(), true, false));
        add(m, new TypeSpec("value", io.multiprocessing4j.manager.ValueProxy.class,
                args -> new ServerObjects.ValueImpl<>(args.getFirst()), true, false));
        add(m, new TypeSpec("queue", BlockingQueue.class, args -> {
            int max = (Integer) args.getFirst();
            return max <= 0 ? new LinkedBlockingQueue<>() : new LinkedBlockingQueue<>(max);
        }, false, false));
        add(m, new TypeSpec("lock", Lock.class, args -> new ServerObjects.PlainLock(), false, false));
        add(m, new TypeSpec("rlock", Lock.class, args -> new ReentrantLock(), false, true));
        add(m, new TypeSpec("semaphore", io.multiprocessing4j.manager.SemaphoreProxy.class,
                args -> new ServerObjects.SemaphoreImpl((Integer) args.getFirst()), false, false));
        add(m, new TypeSpec("boundedsemaphore", io.multiprocessing4j.manager.SemaphoreProxy.class,
                args -> new ServerObjects.SemaphoreImpl((Integer) args.getFirst(), true), false, false));
        add(m, new TypeSpec("event", io.multiprocessing4j.manager.EventProxy.class,
                args -> new ServerObjects.EventImpl(), false, false));
        add(m, new TypeSpec("joinablequeue", io.multiprocessing4j.manager.JoinableQueueProxy.class, args -> {
            int max = (Integer) args.getFirst();
            return new ManagedJoinableQueue<>(max <= 0 ? Integer.MAX_VALUE : max);
        }, false, false));
        // thread-affine like rlock: the default lock is reentrant, and a given rlock is owned by a server thread
        add(m, new TypeSpec("condition", io.multiprocessing4j.manager.ConditionProxy.class,
                args -> new ManagedCondition(args.isEmpty() ? new ReentrantLock() : (Lock) args.getFirst()), false, true));
        add(m, new TypeSpec("barrier", io.multiprocessing4j.manager.BarrierProxy.class,
                args -> new ManagedBarrier((Integer) args.getFirst()), false, false));
        add(m, new TypeSpec("array", List.class, args -> args.size() == 2
                ? ManagedArray.filled((Integer) args.getFirst(), args.get(1))
                : new ManagedArray<>(((List<?>) args.getFirst()).toArray()), true, false));
        return Map.copyOf(m);
    }

    private static void add(Map<String, TypeSpec> m, TypeSpec t) {
        m.put(t.name(), t);
    }
}
