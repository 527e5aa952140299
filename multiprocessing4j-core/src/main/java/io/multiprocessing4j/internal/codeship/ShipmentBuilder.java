package io.multiprocessing4j.internal.codeship;

import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.spi.SerializationException;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.constant.ConstantDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Field;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link Shipment} for a value whose classes a worker lacks.
 *
 * <p>Implementation notes. Three steps, repeated until nothing new turns up:
 * <ol>
 * <li><b>Classes.</b> The roots are the stream's classes that must travel. Their closure follows
 *     the {@code ClassEntry}s of each shipped class's constant pool, looked up through the same
 *     loader: a class used only inside a lambda body ({@code new Point(..)}, a call to another
 *     JShell snippet) appears in no stream, only in a constant pool, and a worker without it fails
 *     with {@code NoClassDefFoundError} at call time. Hidden lambda classes never travel: the
 *     worker spins its own from the {@code SerializedLambda}.</li>
 * <li><b>Which statics are read.</b> JShell's top-level variables are static fields of wrapper
 *     classes, read by the lambda rather than captured. Shipping every static of every shipped
 *     class would drag along things like the {@code Pool} itself (the snippet that calls
 *     {@code pool.map} reads it), so the builder follows code instead: from each lambda's body
 *     method, and from every method of classes the task holds instances of or creates, through
 *     static, special and virtual calls, method handles and {@code new}, collecting the
 *     non-final static fields read with {@code getstatic}. Final statics are left to the class
 *     initializer, which runs again in the worker.</li>
 * <li><b>Static values.</b> Each read static is serialized on its own, so a value that cannot
 *     travel fails naming its field, and the classes its value needs join the closure.</li>
 * </ol>
 * The total is checked against {@code mp4j.maxShipBytes}.
 */
final class ShipmentBuilder {
    static final String MAX_PROPERTY = "mp4j.maxShipBytes";
    static final long DEFAULT_MAX = 64L << 20;

    private record Node(String name, ClassLoader loader, byte[] bytes, ClassModel model) {
    }

    private final Map<String, Node> shipped = new LinkedHashMap<>();
    private final Set<Path> workerPath = WorkerClassPath.entries();
    private final Set<String> live = new HashSet<>();
    private final Set<String> seenMethods = new HashSet<>();
    private final Deque<String[]> work = new ArrayDeque<>();
    private final Set<String> staticsRead = new LinkedHashSet<>();
    private final Map<String, Shipment.StaticValue> staticValues = new LinkedHashMap<>();
    private final Set<String> notYetShipped = new HashSet<>();

    /** The shipment for what {@code capture} saw, or null when every class is on the worker's class path. */
    static Shipment build(Capture capture) {
        if (!capture.needsShipping()) {
            return null;
        }
        ShipmentBuilder b = new ShipmentBuilder();
        b.add(capture);
        b.run();
        return b.finish();
    }

    private void add(Capture c) {
        for (Class<?> k : c.classes) {
            rootClass(k, null);
        }
        for (Class<?> k : c.instanceClasses) {
            if (WorkerClassPath.of(k) == WorkerClassPath.Verdict.SHIP) {
                rootClass(k, null);
                markLive(k.getName());
            }
        }
        for (SerializedLambda sl : c.lambdas) {
            String owner = sl.getImplClass().replace('/', '.');
            String capturing = sl.getCapturingClass().replace('/', '.');
            if (shipped.containsKey(owner) || shipped.containsKey(capturing)) {
                enqueue(owner, sl.getImplMethodName(), sl.getImplMethodSignature());
            }
        }
    }

    private void rootClass(Class<?> k, String readBy) {
        while (k.isArray()) {
            k = k.getComponentType();
        }
        switch (WorkerClassPath.of(k)) {
            case WORKER_HAS -> {
            }
            case SHIP -> closure(k.getName(), k.getClassLoader());
            case NO_BYTES -> throw noBytes(k, readBy);
            case HIDDEN -> throw new SerializationException("class " + k.getName() + " is a hidden class"
                    + (readBy == null ? "" : " (" + readBy + ")") + ": it has no name a worker could load it by,"
                    + " so it cannot be sent to a worker; only lambdas among hidden classes travel, as SerializedLambda");
        }
    }

    static SerializationException noBytes(Class<?> k, String usedBy) {
        String res = WorkerClassPath.resourceName(k.getName());
        return new SerializationException("class " + k.getName() + (usedBy == null ? "" : " (" + usedBy + ")")
                + " is not on a worker JVM's class path, and its class loader " + k.getClassLoader()
                + " does not provide its class file, so it cannot be shipped to the worker: the loader must"
                + " return the class's bytes from getResourceAsStream(\"" + res + "\") (override findResource,"
                + " as JShell's loader does), or the class must be on the class path");
    }

    // --- classes ---------------------------------------------------------------------------------

    private void closure(String root, ClassLoader loader) {
        Deque<String> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (shipped.containsKey(name)) {
                continue;
            }
            byte[] bytes = read(loader, name);
            ClassModel model = ClassFile.of().parse(bytes);
            shipped.put(name, new Node(name, loader, bytes, model));
            notYetShipped.add(name);
            for (PoolEntry pe : model.constantPool()) {
                if (pe instanceof ClassEntry ce) {
                    String ref = elementName(ce.asInternalName());
                    if (ref != null && !shipped.containsKey(ref) && mustTravel(loader, ref, name)) {
                        todo.add(ref);
                    }
                }
            }
        }
    }

    private static byte[] read(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(WorkerClassPath.resourceName(name))) {
            if (in == null) {
                throw new SerializationException("the class loader " + loader + " found class " + name
                        + " but returned no bytes for it from getResourceAsStream");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SerializationException("cannot read the class file of " + name + " from " + loader + ": " + e, e);
        }
    }

    /** The binary name of a constant-pool class (the element class of an array), or null for primitive arrays. */
    private static String elementName(String internal) {
        if (internal.startsWith("[")) {
            int i = internal.lastIndexOf('[') + 1;
            if (internal.charAt(i) != 'L') {
                return null;
            }
            internal = internal.substring(i + 1, internal.length() - 1);
        }
        return internal.replace('/', '.');
    }

    private boolean mustTravel(ClassLoader loader, String name, String usedBy) {
        URL u = loader.getResource(WorkerClassPath.resourceName(name));
        if (u != null) {
            return WorkerClassPath.byUrl(u, workerPath) == WorkerClassPath.Verdict.SHIP;
        }
        Class<?> k;
        try {
            k = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return false; // referenced but absent here too: the worker fails the same way, if ever
        }
        WorkerClassPath.Verdict v = WorkerClassPath.of(k);
        if (v == WorkerClassPath.Verdict.NO_BYTES) {
            throw noBytes(k, "used by " + usedBy);
        }
        return v == WorkerClassPath.Verdict.SHIP;
    }

    // --- which statics the code reads ------------------------------------------------------------

    private void markLive(String cls) {
        Node n = shipped.get(cls);
        if (n == null || !live.add(cls)) {
            return;
        }
        for (MethodModel m : n.model().methods()) {
            enqueue(cls, m.methodName().stringValue(), m.methodType().stringValue());
        }
        n.model().superclass().ifPresent(s -> markLive(s.asInternalName().replace('/', '.')));
        for (ClassEntry i : n.model().interfaces()) {
            markLive(i.asInternalName().replace('/', '.'));
        }
    }

    private void enqueue(String owner, String name, String desc) {
        if (shipped.containsKey(owner) && seenMethods.add(owner + "." + name + desc)) {
            work.add(new String[] {owner, name, desc});
            if (seenMethods.add(owner + ".<clinit>()V")) {
                work.add(new String[] {owner, "<clinit>", "()V"});
            }
        }
    }

    private void run() {
        while (true) {
            while (!work.isEmpty()) {
                String[] m = work.poll();
                visit(m[0], m[1], m[2]);
            }
            if (!snapshotStatics()) {
                return;
            }
        }
    }

    private void visit(String owner, String name, String desc) {
        Node n = shipped.get(owner);
        MethodModel found = null;
        for (MethodModel m : n.model().methods()) {
            if (m.methodName().equalsString(name) && m.methodType().equalsString(desc)) {
                found = m;
                break;
            }
        }
        if (found == null) {
            // inherited: look up the shipped supertypes
            n.model().superclass().ifPresent(s -> enqueue(s.asInternalName().replace('/', '.'), name, desc));
            for (ClassEntry i : n.model().interfaces()) {
                enqueue(i.asInternalName().replace('/', '.'), name, desc);
            }
            return;
        }
        found.code().ifPresent(code -> {
            for (CodeElement e : code) {
                switch (e) {
                    case FieldInstruction fi when fi.opcode() == Opcode.GETSTATIC ->
                            staticRead(fi.owner().asInternalName().replace('/', '.'), fi.name().stringValue());
                    case InvokeInstruction ii -> enqueue(ii.owner().asInternalName().replace('/', '.'),
                            ii.name().stringValue(), ii.type().stringValue());
                    case NewObjectInstruction ni -> markLive(ni.className().asInternalName().replace('/', '.'));
                    case InvokeDynamicInstruction id -> {
                        handle(id.bootstrapMethod());
                        for (ConstantDesc arg : id.bootstrapArgs()) {
                            handle(arg);
                        }
                    }
                    case ConstantInstruction ci -> handle(ci.constantValue());
                    default -> {
                    }
                }
            }
        });
    }

    private void handle(ConstantDesc c) {
        if (!(c instanceof DirectMethodHandleDesc mh)) {
            return;
        }
        String d = mh.owner().descriptorString();
        String owner = d.substring(1, d.length() - 1).replace('/', '.');
        switch (mh.kind()) {
            case STATIC_GETTER -> staticRead(owner, mh.methodName());
            case GETTER, SETTER, STATIC_SETTER -> {
            }
            case CONSTRUCTOR -> markLive(owner);
            default -> enqueue(owner, mh.methodName(), mh.lookupDescriptor());
        }
    }

    private void staticRead(String owner, String field) {
        Node n = shipped.get(owner);
        while (n != null) {
            for (FieldModel f : n.model().fields()) {
                if (f.fieldName().equalsString(field)) {
                    if (f.flags().has(AccessFlag.STATIC) && !f.flags().has(AccessFlag.FINAL)) {
                        staticsRead.add(n.name() + "#" + field);
                    }
                    enqueue(n.name(), "<clinit>", "()V");
                    return;
                }
            }
            n = n.model().superclass().map(s -> shipped.get(s.asInternalName().replace('/', '.'))).orElse(null);
        }
    }

    /** Serializes statics read but not yet taken; true when that brought new work. */
    private boolean snapshotStatics() {
        boolean more = false;
        for (String key : List.copyOf(staticsRead)) {
            if (staticValues.containsKey(key)) {
                continue;
            }
            int hash = key.indexOf('#');
            String owner = key.substring(0, hash);
            String field = key.substring(hash + 1);
            Object value;
            try {
                Field f = Class.forName(owner, false, shipped.get(owner).loader()).getDeclaredField(field);
                f.setAccessible(true);
                value = f.get(null);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                throw new SerializationException("cannot read static field " + owner + "." + field
                        + ", which code sent to a worker reads: " + e, e);
            }
            Capture c = new Capture();
            byte[] bytes;
            try {
                bytes = DefaultSerializer.INSTANCE.serialize(value, c);
            } catch (SerializationException e) {
                throw new SerializationException("static field " + owner + "." + field + " (a "
                        + value.getClass().getName() + ") is read by code sent to a worker, so its value must travel"
                        + " with it (a worker sees a copy, as in Python), but it cannot be serialized: " + e.getMessage()
                        + ". Make it serializable, or pass what the task needs as an argument or create it in"
                        + " the pool's initializer", e);
            }
            staticValues.put(key, new Shipment.StaticValue(owner, field, bytes));
            int before = shipped.size();
            for (Class<?> k : c.classes) {
                rootClass(k, "the value of static field " + owner + "." + field);
            }
            for (Class<?> k : c.instanceClasses) {
                markLive(k.getName());
            }
            for (SerializedLambda sl : c.lambdas) {
                enqueue(sl.getImplClass().replace('/', '.'), sl.getImplMethodName(), sl.getImplMethodSignature());
            }
            more |= shipped.size() != before || !work.isEmpty();
        }
        return more;
    }

    private Shipment finish() {
        List<Shipment.ShippedClass> classes = new ArrayList<>(shipped.size());
        for (Node n : shipped.values()) {
            classes.add(Shipment.ShippedClass.of(n.name(), n.bytes()));
        }
        Shipment s = Shipment.of(classes, List.copyOf(staticValues.values()));
        long max = Long.getLong(MAX_PROPERTY, DEFAULT_MAX);
        if (s.bytes() > max) {
            throw new SerializationException("the classes and static values this task must ship to a worker come to "
                    + s.bytes() + " bytes (" + classes.size() + " classes, " + staticValues.size() + " statics),"
                    + " over the limit of " + max + " bytes set by -D" + MAX_PROPERTY
                    + "; raise the limit, or put the classes on the class path");
        }
        return s;
    }
}
