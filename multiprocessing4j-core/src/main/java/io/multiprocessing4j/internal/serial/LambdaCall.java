package io.multiprocessing4j.internal.serial;

import io.multiprocessing4j.function.SerializableBiFunction;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.function.SerializableRunnable;

import java.io.Serial;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A {@code ChildProcess} target or a pool's task function that is a lambda or a method reference,
 * encoded as the method it calls, so that a worker JVM can run it without deserializing a lambda.
 *
 * <p>Implementation notes. Deserializing a lambda is the dearest step of a process start: the
 * {@code ObjectInputStream} machinery runs interpreted in a young JVM, and the lambda's
 * {@code $deserializeLambda$} spins a new class through the lambda metafactory (together 20-40 ms of
 * a cold worker, and most of a warm spare's hand-off). The method the lambda calls is named in its
 * {@link SerializedLambda}: {@link #encode} writes that name, its descriptor and the captured values,
 * and {@link #decode} finds the method with a method-handle lookup and wraps it in a small adapter,
 * a few milliseconds. Only what cannot change meaning takes this path: the two target interfaces of a
 * process ({@link SerializableRunnable}, {@link SerializableConsumer}) and the two function
 * interfaces a pool worker calls ({@link SerializableFunction}, {@link SerializableBiFunction}),
 * captured values that
 * {@link DefaultSerializer} writes by hand (boxed primitives, strings, primitive arrays), and a
 * method the worker's own class loader finds. The caller sends the ordinary serialized target too,
 * and the worker falls back to it whenever {@link #decode} returns null (a class shipped by value, a
 * module that does not open the method's package). An exception the method throws reaches the
 * caller's handler unwrapped, as it would from the lambda.
 *
 * <p>A reflective call costs tens of nanoseconds more than a lambda's: nothing for a process, but
 * a pool function may run millions of times. So a function given an {@code upgrade} (the ordinary
 * deserialization) starts it on a background thread after {@value #UPGRADE_AFTER_CALLS} calls, and
 * calls the real lambda from then on: the first results of a new pool do not wait for the lambda
 * machinery, and a long {@code map} does not pay the reflective call.
 */
public final class LambdaCall {
    private static final String RUNNABLE = SerializableRunnable.class.getName().replace('.', '/');
    private static final String CONSUMER = SerializableConsumer.class.getName().replace('.', '/');
    private static final String FUNCTION = SerializableFunction.class.getName().replace('.', '/');
    private static final String BI_FUNCTION = SerializableBiFunction.class.getName().replace('.', '/');
    private static final List<String> INTERFACES = List.of(RUNNABLE, CONSUMER, FUNCTION, BI_FUNCTION);
    static final int UPGRADE_AFTER_CALLS = 1000;
    private static final int MAX_CAPTURED_BYTES = 4096;

    private LambdaCall() {
    }

    /**
     * The direct-call form of a process target or pool function, or null when it is not a lambda
     * this path takes.
     * Costs a reflective {@code writeReplace} call: microseconds in a warm JVM.
     */
    public static byte[] encode(Object target) {
        if (target == null || !target.getClass().isSynthetic()) {
            return null;
        }
        SerializedLambda sl;
        try {
            Method writeReplace = target.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            if (!(writeReplace.invoke(target) instanceof SerializedLambda s)) {
                return null;
            }
            sl = s;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
        String fi = sl.getFunctionalInterfaceClass();
        int shape = INTERFACES.indexOf(fi);
        if (shape < 0) {
            return null;
        }
        int kind = sl.getImplMethodKind();
        if (kind != MethodHandleInfo.REF_invokeStatic && kind != MethodHandleInfo.REF_invokeVirtual
                && kind != MethodHandleInfo.REF_invokeInterface && kind != MethodHandleInfo.REF_invokeSpecial
                && kind != MethodHandleInfo.REF_newInvokeSpecial) {
            return null;
        }
        List<byte[]> captured = new ArrayList<>(sl.getCapturedArgCount());
        long capturedBytes = 0;
        for (int i = 0; i < sl.getCapturedArgCount(); i++) {
            if (!isPlain(sl.getCapturedArg(i))) {
                // not even serialized here: writing a handle (a queue, a shared value) can count it
                // as in flight to a receiver that this form never has
                return null;
            }
            byte[] v;
            try {
                v = DefaultSerializer.INSTANCE.serialize(sl.getCapturedArg(i));
            } catch (RuntimeException e) {
                return null;
            }
            capturedBytes += v.length;
            if (capturedBytes > MAX_CAPTURED_BYTES) {
                return null; // sent twice otherwise: keep large captured arrays to the ordinary form
            }
            captured.add(v);
        }
        byte[] capturing = sl.getCapturingClass().getBytes(StandardCharsets.UTF_8);
        byte[] implClass = sl.getImplClass().getBytes(StandardCharsets.UTF_8);
        byte[] name = sl.getImplMethodName().getBytes(StandardCharsets.UTF_8);
        byte[] signature = sl.getImplMethodSignature().getBytes(StandardCharsets.UTF_8);
        int size = 1 + 1 + 16 + capturing.length + implClass.length + name.length + signature.length + 4;
        for (byte[] c : captured) {
            size += 4 + c.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put((byte) shape).put((byte) kind);
        b.putInt(capturing.length).put(capturing).putInt(implClass.length).put(implClass).putInt(name.length).put(name).putInt(signature.length).put(signature);
        b.putInt(captured.size());
        for (byte[] c : captured) {
            b.putInt(c.length).put(c);
        }
        return b.array();
    }

    /**
     * The target {@link #encode} described, as an object of the interface it was written for, or
     * null when this worker cannot call the method directly (the caller then deserializes the
     * ordinary form).
     */
    public static Object decode(byte[] bytes, ClassLoader loader) {
        return decode(bytes, loader, null);
    }

    /**
     * {@link #decode(byte[], ClassLoader)} for a function called many times: after
     * {@value #UPGRADE_AFTER_CALLS} calls, {@code upgrade} runs on a background thread and, if it
     * returns a function of the same interface, that function takes the calls from then on.
     */
    public static Object decode(byte[] bytes, ClassLoader loader, Supplier<Object> upgrade) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int shape = b.get();
            int kind = b.get();
            String capturing = utf(b).replace('/', '.');
            String implClass = utf(b).replace('/', '.');
            String name = utf(b);
            String signature = utf(b);
            Object[] captured = new Object[b.getInt()];
            for (int i = 0; i < captured.length; i++) {
                byte[] v = new byte[b.getInt()];
                b.get(v);
                captured[i] = DefaultSerializer.INSTANCE.deserialize(v, loader);
            }
            // deserializing the lambda would initialize the class that wrote it: so does this
            Class.forName(capturing, true, loader);
            Class<?> owner = Class.forName(implClass, true, loader);
            MethodHandle target = Preloaded.get(kind, implClass, name, signature, loader);
            if (target == null) {
                target = find(owner, name, signature, kind, loader);
            }
            Call call = new Call(target, captured, upgrade);
            return switch (shape) {
                case 0 -> new RunnableCall(call);
                case 1 -> new ConsumerCall(call);
                case 2 -> new FunctionCall(call);
                case 3 -> new BiFunctionCall(call);
                default -> null;
            };
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * The direct-call form {@code bytes} without its captured values: what {@link #preload} needs,
     * the same for every call of one method.
     */
    public static byte[] withoutCaptures(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.position(2);
        for (int i = 0; i < 4; i++) {
            b.position(b.position() + 4 + b.getInt(b.position()));
        }
        return ByteBuffer.allocate(b.position() + 4).put(bytes, 0, b.position()).putInt(0).array();
    }

    /**
     * Loads and links the classes of the direct-call form {@code bytes} and resolves its method, so
     * that a later {@link #decode} of the same method finds it ready. Initializes no class (that
     * stays {@link #decode}'s, as it would be the lambda's deserialization's). For a spare, which has
     * time while it waits: loading the class that wrote a target from its jar and linking it was
     * 0.5-0.7 ms of the 0.9 ms a warm spare took to decode its target (60-70 µs with this). Fails silently:
     * {@link #decode} meets the same failure and falls back.
     */
    public static void preload(byte[] bytes, ClassLoader loader) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            b.get(); // shape
            int kind = b.get();
            String capturing = utf(b).replace('/', '.');
            String implClass = utf(b).replace('/', '.');
            String name = utf(b);
            String signature = utf(b);
            Class.forName(capturing, false, loader);
            Class<?> owner = Class.forName(implClass, false, loader);
            Preloaded.keep(kind, implClass, name, signature, loader, find(owner, name, signature, kind, loader));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // decode finds the method itself, or falls back to the serialized lambda
        }
    }

    /**
     * The method, found by name and type alone, through a method-handle lookup:
     * {@code Class.getDeclaredMethods} would load the types of every method of the class (of a
     * command-line class, its whole library's), 10-30 ms in a young worker.
     */
    private static MethodHandle find(Class<?> owner, String name, String signature, int kind, ClassLoader loader)
            throws ReflectiveOperationException {
        LambdaCall.class.getModule().addReads(owner.getModule());
        MethodHandles.Lookup lookup;
        try {
            lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            lookup = MethodHandles.publicLookup(); // a JDK method (String::repeat): public ones only
        }
        MethodType type = MethodType.fromMethodDescriptorString(signature, loader);
        return switch (kind) {
            case MethodHandleInfo.REF_invokeStatic -> lookup.findStatic(owner, name, type);
            case MethodHandleInfo.REF_invokeSpecial -> lookup.findSpecial(owner, name, type, owner);
            case MethodHandleInfo.REF_newInvokeSpecial -> lookup.findConstructor(owner, type);
            default -> lookup.findVirtual(owner, name, type);
        };
    }

    /** A value {@link DefaultSerializer} writes by hand (so the worker reads it without ObjectInputStream), and whose writing has no side effect. */
    private static boolean isPlain(Object v) {
        return v == null || v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Double
                || v instanceof Boolean || v instanceof Float || v instanceof Short || v instanceof Byte
                || v instanceof Character || v instanceof byte[] || v instanceof int[] || v instanceof long[]
                || v instanceof double[];
    }

    private static String utf(ByteBuffer b) {
        byte[] s = new byte[b.getInt()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    /** Methods {@link #preload} resolved (a few per worker, kept for its life). */
    private static final class Preloaded {
        /**
         * Not a record: a record's {@code equals} and {@code hashCode} are bootstrapped through
         * {@code invokedynamic} on first use, 1.5-2 ms of the very decode this is meant to shorten.
         */
        private static final class Key {
            private final int kind;
            private final String owner;
            private final String name;
            private final String signature;
            private final ClassLoader loader;

            Key(int kind, String owner, String name, String signature, ClassLoader loader) {
                this.kind = kind;
                this.owner = owner;
                this.name = name;
                this.signature = signature;
                this.loader = loader;
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && k.kind == kind && k.owner.equals(owner) && k.name.equals(name)
                        && k.signature.equals(signature) && k.loader == loader;
            }

            @Override
            public int hashCode() {
                return ((owner.hashCode() * 31 + name.hashCode()) * 31 + signature.hashCode()) * 31 + kind;
            }
        }

        private static final java.util.Map<Key, MethodHandle> HANDLES = new java.util.concurrent.ConcurrentHashMap<>();

        static void keep(int kind, String owner, String name, String signature, ClassLoader loader, MethodHandle mh) {
            HANDLES.putIfAbsent(new Key(kind, owner, name, signature, loader), generic(mh));
        }

        static MethodHandle get(int kind, String owner, String name, String signature, ClassLoader loader) {
            return HANDLES.isEmpty() ? null : HANDLES.get(new Key(kind, owner, name, signature, loader));
        }
    }

    /** {@code target} taking and returning {@code Object}s, at its own arity. */
    private static MethodHandle generic(MethodHandle target) {
        return target.asType(MethodType.genericMethodType(target.type().parameterCount()));
    }

    /**
     * The method and the values the lambda captured; the call's own arguments come after them.
     * Counts its calls (a data race is harmless: the count only decides when to upgrade).
     */
    private static final class Call {
        /** The method, taking and returning {@code Object}s (boxing and casts done by the handle); null for {@link #voidTarget}. */
        private final MethodHandle target;
        /**
         * The method as it is, when it takes nothing and returns nothing (a process target that
         * captures nothing): called with its own type, it needs no adapter, and spinning the one
         * that makes it return an {@code Object} took 1.5-3.5 ms of a cold worker's start.
         */
        private final MethodHandle voidTarget;
        private final Object[] captured;
        private final Supplier<Object> upgrade;
        private int calls;
        private volatile Object upgraded;

        Call(MethodHandle target, Object[] captured, Supplier<Object> upgrade) {
            // invokeExact on the generic form, at a fixed arity, costs a young JVM the least
            // (invokeWithArguments spins a spreading invoker on its first call: ~5 ms)
            boolean plain = captured.length == 0 && target.type().equals(MethodType.methodType(void.class));
            this.voidTarget = plain ? target : null;
            this.target = plain ? null : generic(target);
            this.captured = captured;
            this.upgrade = upgrade;
        }

        /** The deserialized lambda once the upgrade is done, else null (and maybe starts it). */
        Object upgraded() {
            Object u = upgraded;
            if (u == null && upgrade != null && ++calls == UPGRADE_AFTER_CALLS) {
                Thread t = new Thread(new Upgrade(this), "mp4j-function-upgrade");
                t.setDaemon(true);
                t.start();
            }
            return u;
        }

        /** Calls the method with the captured values, then {@code arguments} (a receiver, if any, comes first). */
        Object invoke(Object... arguments) throws Exception {
            if (voidTarget != null && arguments.length == 0) {
                try {
                    voidTarget.invokeExact();
                    return null;
                } catch (Exception | Error e) {
                    throw LambdaCall.<Exception>sneaky(withoutCallFrames(e));
                } catch (Throwable t) {
                    throw LambdaCall.<Exception>sneaky(t);
                }
            }
            Object[] a = new Object[captured.length + arguments.length];
            System.arraycopy(captured, 0, a, 0, captured.length);
            System.arraycopy(arguments, 0, a, captured.length, arguments.length);
            MethodHandle h = target != null ? target : generic(voidTarget); // (never, for the shapes decoded)
            try {
                return switch (a.length) {
                    case 0 -> (Object) h.invokeExact();
                    case 1 -> (Object) h.invokeExact(a[0]);
                    case 2 -> (Object) h.invokeExact(a[0], a[1]);
                    case 3 -> (Object) h.invokeExact(a[0], a[1], a[2]);
                    case 4 -> (Object) h.invokeExact(a[0], a[1], a[2], a[3]);
                    default -> h.invokeWithArguments(a);
                };
            } catch (Exception | Error e) {
                throw LambdaCall.<Exception>sneaky(withoutCallFrames(e));
            } catch (Throwable t) {
                throw LambdaCall.<Exception>sneaky(t);
            }
        }
    }

    /** Deserializes the real lambda for a {@link Call}, off the caller's thread. */
    private static final class Upgrade implements Runnable {
        private final Call call;

        Upgrade(Call call) {
            this.call = call;
        }

        @Override
        public void run() {
            try {
                call.upgraded = call.upgrade.get();
            } catch (RuntimeException | LinkageError e) {
                // keep calling the method directly
            }
        }
    }

    /**
     * {@code t} without the frames of the reflective call between the target method and the
     * worker (the accessor, {@code Method.invoke}, the method-handle forms and this class's), so
     * its stack trace reads as the lambda's would. Frames of reflection the target itself used stay.
     */
    static Throwable withoutCallFrames(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        int call = -1;
        for (int i = 0; i < st.length; i++) {
            if (isCallFrame(st[i])) {
                call = i;
                break;
            }
        }
        if (call < 0) {
            return t;
        }
        int from = call;
        while (from > 0 && isReflectionFrame(st[from - 1])) {
            from--;
        }
        int to = call;
        while (to < st.length && isCallFrame(st[to])) {
            to++;
        }
        StackTraceElement[] kept = new StackTraceElement[st.length - (to - from)];
        System.arraycopy(st, 0, kept, 0, from);
        System.arraycopy(st, to, kept, from, st.length - to);
        t.setStackTrace(kept);
        return t;
    }

    private static boolean isCallFrame(StackTraceElement e) {
        String c = e.getClassName();
        return c.equals(LambdaCall.class.getName()) || c.startsWith(LambdaCall.class.getName() + "$");
    }

    private static boolean isReflectionFrame(StackTraceElement e) {
        String c = e.getClassName();
        return c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.invoke.")
                || c.equals("java.lang.reflect.Method") || c.equals("java.lang.reflect.Constructor");
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** A process target of no argument; serializable in name only (it never leaves the worker). */
    private record RunnableCall(Call call) implements SerializableRunnable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public void run() throws Exception {
            call.invoke();
        }
    }

    /** A pool function of one argument; serializable in name only (it never leaves the worker). */
    private record FunctionCall(Call call) implements SerializableFunction<Object, Object> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        @SuppressWarnings("unchecked")
        public Object apply(Object argument) throws Exception {
            if (call.upgraded() instanceof SerializableFunction<?, ?> f) {
                return ((SerializableFunction<Object, Object>) f).apply(argument);
            }
            return call.invoke(argument);
        }
    }

    /** A pool function of two arguments; serializable in name only (it never leaves the worker). */
    private record BiFunctionCall(Call call) implements SerializableBiFunction<Object, Object, Object> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        @SuppressWarnings("unchecked")
        public Object apply(Object first, Object second) throws Exception {
            if (call.upgraded() instanceof SerializableBiFunction<?, ?, ?> f) {
                return ((SerializableBiFunction<Object, Object, Object>) f).apply(first, second);
            }
            return call.invoke(first, second);
        }
    }

    /** A process target of one argument; serializable in name only (it never leaves the worker). */
    private record ConsumerCall(Call call) implements SerializableConsumer<Object> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(Object argument) throws Exception {
            call.invoke(argument);
        }
    }
}
