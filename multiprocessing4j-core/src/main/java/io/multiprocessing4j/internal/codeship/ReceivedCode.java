package io.multiprocessing4j.internal.codeship;

import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.spi.SerializationException;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's side of shipping classes by value: defines shipped classes and sets the static
 * fields they carry. One table per worker JVM; thread-safe.
 *
 * <p>Implementation notes. Shipped classes are defined lazily, by a <em>generation</em>: a class
 * loader, child of the worker's own loader, that holds class files by name and also serves them
 * as resources (so code that reads its own class file, and a cluster engine's peer class
 * loading, find them). A shipment joins the newest generation unless that generation holds a class
 * of the same name with other bytes, which happens when a JShell snippet is redefined; then it
 * starts a new generation. Each shipment keeps its generation, so tasks sent before a
 * redefinition keep running the old code and later ones the new, never a mix. Static values are
 * set when code of a shipment is about to run ({@link #activate}), if another shipment's values
 * were set since: a worker sees a copy of the parent's statics as of the submit, as a Python
 * worker sees a copy of the module globals.
 */
public final class ReceivedCode {
    private record Received(Generation generation, List<String[]> staticNames, List<byte[]> staticValues) {
    }

    private static final Map<Long, Received> SHIPMENTS = new ConcurrentHashMap<>();
    private static final Map<String, byte[]> CLASS_FILES = new ConcurrentHashMap<>();
    private static final List<Generation> GENERATIONS = new ArrayList<>();
    private static volatile long activeShipment;

    private ReceivedCode() {
    }

    /** Handles a {@code DEFINE_CLASSES} payload; the classes are defined by the worker's loader {@code base}'s child. */
    public static synchronized void define(byte[] payload, ClassLoader base) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        long id = b.getLong();
        int n = b.getInt();
        Map<String, byte[]> classes = new HashMap<>();
        Map<String, Long> hashes = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String name = ShipLedger.getUtf(b);
            long hash = b.getLong();
            int len = b.getInt();
            String key = name + "#" + hash;
            byte[] bytes;
            if (len >= 0) {
                bytes = new byte[len];
                b.get(bytes);
                CLASS_FILES.put(key, bytes);
            } else {
                bytes = CLASS_FILES.get(key);
                if (bytes == null) {
                    throw new IllegalStateException("the parent referred to class " + name + " as sent before, but it was not");
                }
            }
            classes.put(name, bytes);
            hashes.put(name, hash);
        }
        int m = b.getInt();
        List<String[]> names = new ArrayList<>(m);
        List<byte[]> values = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            names.add(new String[] {ShipLedger.getUtf(b), ShipLedger.getUtf(b)});
            byte[] v = new byte[b.getInt()];
            b.get(v);
            values.add(v);
        }
        Generation g = GENERATIONS.isEmpty() ? null : GENERATIONS.getLast();
        if (g == null || g.base != base || g.conflicts(hashes)) {
            g = new Generation(base, GENERATIONS.size() + 1);
            GENERATIONS.add(g);
        }
        g.add(classes, hashes);
        SHIPMENTS.put(id, new Received(g, names, values));
    }

    /**
     * Reads a value sent with {@code CodeShip.serialize}: one that carries a shipment is read through
     * that shipment's generation, after its statics are set; any other through {@code loader}.
     */
    public static Object deserialize(byte[] bytes, ClassLoader loader) {
        long id = CodeShip.shipmentOf(bytes);
        if (id == 0) {
            return DefaultSerializer.INSTANCE.deserialize(bytes, loader);
        }
        Received r = received(id);
        activate(id);
        return DefaultSerializer.INSTANCE.deserialize(Arrays.copyOfRange(bytes, 9, bytes.length), r.generation().loader);
    }

    /** {@link #deserialize(byte[], ClassLoader)} of {@code bytes[offset, offset + length)}, scalars read in place. */
    public static Object deserialize(byte[] bytes, int offset, int length, ClassLoader loader) {
        if (length >= 9 && bytes[offset] == CodeShip.TAG_SHIPPED) {
            return deserialize(Arrays.copyOfRange(bytes, offset, offset + length), loader);
        }
        return DefaultSerializer.INSTANCE.deserialize(bytes, offset, length, loader);
    }

    /** The loader of shipment {@code id}'s classes, or {@code fallback} for 0. */
    public static ClassLoader loaderOf(long id, ClassLoader fallback) {
        return id == 0 ? fallback : received(id).generation().loader;
    }

    private static Received received(long id) {
        Received r = SHIPMENTS.get(id);
        if (r == null) {
            throw new SerializationException("this worker was sent a value of shipment " + Long.toHexString(id)
                    + " without its classes");
        }
        return r;
    }

    /** Sets the static fields shipment {@code id} carries, unless they are the ones set last (0: nothing). */
    public static synchronized void activate(long id) {
        if (id == 0 || id == activeShipment) {
            return;
        }
        Received r = received(id);
        ClassLoader l = r.generation().loader;
        for (int i = 0; i < r.staticNames().size(); i++) {
            String[] name = r.staticNames().get(i);
            try {
                Object value = DefaultSerializer.INSTANCE.deserialize(r.staticValues().get(i), l);
                Field f = Class.forName(name[0], true, l).getDeclaredField(name[1]);
                f.setAccessible(true);
                f.set(null, value);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                throw new SerializationException("cannot set static field " + name[0] + "." + name[1]
                        + " in the worker: " + e, e);
            }
        }
        activeShipment = id;
    }

    /** One loader of shipped classes. */
    private static final class Generation {
        final ClassLoader base;
        final Map<String, byte[]> files = new ConcurrentHashMap<>();
        final Map<String, Long> hashes = new ConcurrentHashMap<>();
        final ShippedClassLoader loader;

        Generation(ClassLoader base, int number) {
            this.base = base;
            this.loader = new ShippedClassLoader("mp4j-shipped-" + number, base, files);
        }

        boolean conflicts(Map<String, Long> incoming) {
            for (Map.Entry<String, Long> e : incoming.entrySet()) {
                Long have = hashes.get(e.getKey());
                if (have != null && !have.equals(e.getValue())) {
                    return true;
                }
            }
            return false;
        }

        void add(Map<String, byte[]> classes, Map<String, Long> h) {
            files.putAll(classes);
            hashes.putAll(h);
        }
    }

    /** Defines shipped classes from their bytes and serves the same bytes as resources. */
    static final class ShippedClassLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> files;
        private final URLStreamHandler handler = new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) {
                return new URLConnection(u) {
                    @Override
                    public void connect() {
                    }

                    @Override
                    public InputStream getInputStream() throws java.io.IOException {
                        byte[] b = bytesOf(u.getPath().substring(1));
                        if (b == null) {
                            throw new java.io.FileNotFoundException(u.toString());
                        }
                        return new ByteArrayInputStream(b);
                    }
                };
            }
        };

        ShippedClassLoader(String name, ClassLoader parent, Map<String, byte[]> files) {
            super(name, parent);
            this.files = files;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = files.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }

        private byte[] bytesOf(String resource) {
            if (!resource.endsWith(".class")) {
                return null;
            }
            return files.get(resource.substring(0, resource.length() - 6).replace('/', '.'));
        }

        @Override
        protected URL findResource(String name) {
            if (bytesOf(name) == null) {
                return null;
            }
            try {
                return URL.of(URI.create("mp4j-shipped:/" + name), handler);
            } catch (java.net.MalformedURLException e) {
                return null;
            }
        }

        @Override
        protected Enumeration<URL> findResources(String name) {
            URL u = findResource(name);
            return u == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(u));
        }
    }
}
