package io.multiprocessing4j.cluster.internal;

import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.manager.ManagerUnavailableException;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.configuration.CacheConfiguration;

import javax.cache.Cache;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The cluster manager's {@code dict()}: a {@link Map} over an {@link IgniteCache} (partitioned, one
 * backup, atomic), serializable so that tasks and child processes on any node use the same map.
 *
 * <p>Implementation notes. Keys and values travel as this project's serialized bytes (Ignite's
 * marshaller rejects records), Base64-encoded into strings so that Ignite compares and hashes them
 * as plain strings: two keys are the same key when they serialize to the same bytes, which holds for
 * strings, numbers, enums and records of them. {@code merge}, {@code compute},
 * {@code computeIfAbsent} and {@code computeIfPresent} are atomic read-compute-compare-and-set loops
 * in the caller: the function runs in the calling process (it need not be serializable) and is
 * re-run if another process changed the entry in between, so it must be free of side effects, as
 * {@code ConcurrentMap} asks. Iteration walks the cache as it is (no snapshot, no insertion order).
 */
public final class ClusterDict<K, V> extends AbstractMap<K, V> implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private final String cacheName;
    private final String instance;
    private transient volatile IgniteCache<String, String> cache;

    ClusterDict(Ignite ignite) {
        this.cacheName = "mp4j-dict-" + UUID.randomUUID();
        this.instance = ignite.name();
        this.cache = ignite.getOrCreateCache(new CacheConfiguration<String, String>(cacheName)
                .setCacheMode(CacheMode.PARTITIONED).setBackups(1).setAtomicityMode(CacheAtomicityMode.ATOMIC));
    }

    String cacheName() {
        return cacheName;
    }

    private IgniteCache<String, String> c() {
        IgniteCache<String, String> c = cache;
        if (c == null) {
            c = Grid.resolve(instance).cache(cacheName);
            if (c == null) {
                throw new ManagerUnavailableException("the cluster dict " + cacheName
                        + " no longer exists: its manager was shut down", null);
            }
            cache = c;
        }
        return c;
    }

    static String enc(Object o) {
        Objects.requireNonNull(o, "a cluster dict holds no null keys or values");
        return Base64.getEncoder().encodeToString(DefaultSerializer.INSTANCE.serialize(o));
    }

    @SuppressWarnings("unchecked")
    static <T> T dec(String s) {
        if (s == null) {
            return null;
        }
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return (T) DefaultSerializer.INSTANCE.deserialize(Base64.getDecoder().decode(s),
                l != null ? l : ClusterDict.class.getClassLoader());
    }

    @Override
    public V get(Object key) {
        return dec(c().get(enc(key)));
    }

    @Override
    public V put(K key, V value) {
        return dec(c().getAndPut(enc(key), enc(value)));
    }

    @Override
    public V remove(Object key) {
        return dec(c().getAndRemove(enc(key)));
    }

    @Override
    public boolean containsKey(Object key) {
        return c().containsKey(enc(key));
    }

    @Override
    public int size() {
        return c().size();
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public void clear() {
        c().clear();
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        Map<String, String> encoded = new java.util.HashMap<>();
        m.forEach((k, v) -> encoded.put(enc(k), enc(v)));
        c().putAll(encoded);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return dec(c().getAndPutIfAbsent(enc(key), enc(value)));
    }

    @Override
    public boolean remove(Object key, Object value) {
        return c().remove(enc(key), enc(value));
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return c().replace(enc(key), enc(oldValue), enc(newValue));
    }

    @Override
    public V replace(K key, V value) {
        return dec(c().getAndReplace(enc(key), enc(value)));
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> fn) {
        Objects.requireNonNull(fn, "fn");
        return update(key, old -> old == null ? value : fn.apply(old, value), true);
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        Objects.requireNonNull(fn, "fn");
        return update(key, old -> fn.apply(key, old), true);
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        Objects.requireNonNull(fn, "fn");
        return update(key, old -> fn.apply(key, old), false);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> fn) {
        Objects.requireNonNull(fn, "fn");
        String ek = enc(key);
        String cur = c().get(ek);
        if (cur != null) {
            return dec(cur);
        }
        V v = fn.apply(key);
        if (v == null) {
            return null;
        }
        String prev = c().getAndPutIfAbsent(ek, enc(v));
        return prev != null ? dec(prev) : v;
    }

    /** The compare-and-set loop behind merge and compute (see the class comment). */
    private V update(K key, Function<V, ? extends V> next, boolean whenAbsent) {
        String ek = enc(key);
        IgniteCache<String, String> c = c();
        while (true) {
            String cur = c.get(ek);
            if (cur == null && !whenAbsent) {
                return null;
            }
            V nv = next.apply(dec(cur));
            if (nv == null) {
                if (cur == null || c.remove(ek, cur)) {
                    return null;
                }
            } else if (cur == null ? c.putIfAbsent(ek, enc(nv)) : c.replace(ek, cur, enc(nv))) {
                return nv;
            }
        }
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
                Iterator<Cache.Entry<String, String>> it = c().iterator();
                return new Iterator<>() {
                    private String last;

                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Entry<K, V> next() {
                        Cache.Entry<String, String> e = it.next();
                        last = e.getKey();
                        K k = dec(e.getKey());
                        return new SimpleEntry<>(k, dec(e.getValue())) {
                            @Serial
                            private static final long serialVersionUID = 1L;

                            @Override
                            public V setValue(V value) {
                                super.setValue(value);
                                return put(k, value);
                            }
                        };
                    }

                    @Override
                    public void remove() {
                        if (last == null) {
                            throw new IllegalStateException("next() first");
                        }
                        c().remove(last);
                        last = null;
                    }
                };
            }

            @Override
            public int size() {
                return ClusterDict.this.size();
            }
        };
    }

    /** Removes the cache from the cluster (its manager's shutdown). */
    void destroy() {
        IgniteCache<String, String> c = Grid.resolve(instance).cache(cacheName);
        if (c != null) {
            c.destroy();
        }
        cache = null;
    }
}
