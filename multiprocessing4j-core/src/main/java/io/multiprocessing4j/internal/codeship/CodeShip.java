package io.multiprocessing4j.internal.codeship;

import io.multiprocessing4j.internal.serial.DefaultSerializer;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serializes values sent to worker JVMs so that code the workers' class path lacks travels too:
 * JShell snippets, classes generated at run time, classes of custom class loaders. The parent's
 * side of shipping classes by value; {@link ReceivedCode} is the worker's.
 *
 * <p>Implementation notes. {@link #serialize} is {@link DefaultSerializer} plus an observer of the
 * stream: when every class it wrote is on the worker's class path (nearly always) the bytes are the
 * serializer's, unchanged. Otherwise a {@link Shipment} is built (the classes with their
 * constant-pool closure, and the static fields the code reads) and the value becomes
 * {@code [TAG_SHIPPED][int64 shipment id][serializer bytes]}. Shipments are kept in a process-wide
 * table by id; whoever sends a value to a worker asks a per-worker {@link ShipLedger} for the
 * {@code DEFINE_CLASSES} frames that must go first, so each class reaches each worker once.
 *
 * <p>A {@link Scope} caches shipments by the set of classes that need them, for calls that
 * serialize many items at once (a {@code map} over JShell records builds one shipment, not one per
 * item). Outside a scope each call builds afresh: a JShell snippet may have been redefined, or a
 * static changed, since the last call.
 *
 * <p>{@code -Dmp4j.shipClasses=false} turns shipping off: values are serialized as before, and a
 * worker that lacks a class fails to read the value, naming it. {@code -Dmp4j.maxShipBytes} bounds
 * what one value may ship (default 64 MiB). A cluster engine with its own peer class loading
 * (Ignite) does not need the class bytes, but JShell variables still need {@link #shipmentOf} and
 * the statics of the shipment: they are static fields no peer class loader carries.
 */
public final class CodeShip {
    /** First byte of a value that needs a shipment; distinct from every {@link DefaultSerializer} tag. */
    public static final byte TAG_SHIPPED = 126;
    public static final String ENABLED_PROPERTY = "mp4j.shipClasses";

    private static final ThreadLocal<Map<List<Object>, Shipment>> SCOPE = new ThreadLocal<>();

    private CodeShip() {
    }

    /** Whether classes the workers lack are shipped; read on every call so tests and users may flip it. */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY, "true"));
    }

    /**
     * Serializes {@code value} for a worker JVM, shipping the classes it lacks.
     *
     * @throws io.multiprocessing4j.spi.SerializationException if the value cannot be serialized, a
     *         class it needs cannot be shipped (its loader does not serve its bytes), a static field its
     *         code reads cannot be serialized, or the shipment is over {@code mp4j.maxShipBytes}
     */
    public static byte[] serialize(Object value) {
        // boxed primitives (final JDK classes) never need a shipment: no capture for each number of a map
        if (!enabled() || value == null || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Boolean || value instanceof String) {
            return DefaultSerializer.INSTANCE.serialize(value);
        }
        byte[] known = StatelessLambdaForms.get(value);
        if (known != null) {
            return known;
        }
        Capture c = new Capture();
        byte[] bytes = DefaultSerializer.INSTANCE.serialize(value, c);
        if (!c.needsShipping()) {
            StatelessLambdaForms.put(value, bytes);
            return bytes;
        }
        Shipment s = shipmentFor(c);
        if (s == null) {
            return bytes;
        }
        Shipments.register(s);
        return ByteBuffer.allocate(1 + 8 + bytes.length).put(TAG_SHIPPED).putLong(s.id()).put(bytes).array();
    }

    private static Shipment shipmentFor(Capture c) {
        Map<List<Object>, Shipment> cache = SCOPE.get();
        if (cache == null) {
            return ShipmentBuilder.build(c);
        }
        List<Object> key = List.of(List.copyOf(c.classes), List.copyOf(c.instanceClasses),
                c.lambdas.stream().map(l -> l.getImplClass() + "." + l.getImplMethodName() + l.getImplMethodSignature()).toList());
        Shipment s = cache.get(key);
        if (s == null && !cache.containsKey(key)) {
            s = ShipmentBuilder.build(c);
            cache.put(key, s);
        }
        return s;
    }

    /** The shipment id a value carries, or 0. */
    public static long shipmentOf(byte[] value) {
        return value != null && value.length >= 9 && value[0] == TAG_SHIPPED ? ByteBuffer.wrap(value, 1, 8).getLong() : 0;
    }

    /** Opens a scope on this thread: until it closes, values with the same classes share one shipment. */
    public static Scope scope() {
        return new Scope(SCOPE.get() == null);
    }

    /** A batch of serializations sharing shipments; close it on the thread that opened it. */
    public static final class Scope implements AutoCloseable {
        private final boolean owner;

        private Scope(boolean owner) {
            this.owner = owner;
            if (owner) {
                SCOPE.set(new HashMap<>());
            }
        }

        @Override
        public void close() {
            if (owner) {
                SCOPE.remove();
            }
        }
    }

    /** Process-wide table of shipments by id, bounded; identical content shares one entry. */
    static final class Shipments {
        private static final int LIMIT = 10_000;
        private static final Map<Long, Shipment> BY_ID = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Shipment> e) {
                return size() > LIMIT;
            }
        };

        static synchronized void register(Shipment s) {
            BY_ID.putIfAbsent(s.id(), s);
        }

        static synchronized Shipment get(long id) {
            return BY_ID.get(id);
        }
    }
}
