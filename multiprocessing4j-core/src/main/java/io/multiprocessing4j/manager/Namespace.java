package io.multiprocessing4j.manager;

import java.util.Map;
import java.util.Set;

/**
 * Named attributes held by a manager: Python's {@code Manager().Namespace()}, where one writes
 * {@code ns.x = 1}; here {@code ns.set("x", 1)}.
 *
 * <p>Every call is one round trip to the manager and is atomic there. Like Python's, the namespace
 * stores values, not live objects: {@code ((List) ns.get("xs")).add(..)} changes a copy. Use
 * {@link Manager#apply} or a managed {@code list()} stored as the attribute instead.
 */
public interface Namespace {

    /** @return the attribute's value, or {@code null} if it is not set */
    Object get(String name);

    /**
     * Sets an attribute.
     *
     * @param value a serializable value (or another proxy)
     */
    void set(String name, Object value);

    /** @return whether the attribute is set */
    boolean has(String name);

    /** Removes an attribute; no-op if absent. */
    void remove(String name);

    /**
     * Deletes an attribute: Python's {@code del ns.x}, which fails when there is none.
     *
     * @throws java.util.NoSuchElementException if the attribute is not set (Python's {@code AttributeError});
     *     use {@link #remove(String)} to ignore that
     */
    void delete(String name);

    /** @return the attribute names, a copy */
    Set<String> names();

    /** @return name → value, a copy */
    Map<String, Object> asMap();
}
