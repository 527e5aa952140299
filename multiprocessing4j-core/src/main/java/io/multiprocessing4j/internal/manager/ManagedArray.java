package io.multiprocessing4j.internal.manager;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The object behind a managed {@code Array}: a list whose length never changes. Reads and
 * {@code set} work; every call that would change the length fails with a message saying so.
 *
 * <p>Implementation notes. {@link AbstractList} routes {@code add(e)}, {@code addAll}, {@code remove},
 * {@code removeIf}, {@code retainAll} and iterator removal through {@link #add(int, Object)} and
 * {@link #remove(int)}, so those two (and {@link #clear()}, which on an empty list would otherwise
 * succeed silently) carry the message. Calls are serialised by the server (the type is "locked").
 */
final class ManagedArray<E> extends AbstractList<E> implements RandomAccess {
    private final Object[] items;

    ManagedArray(Object[] items) {
        this.items = items;
    }

    static <E> ManagedArray<E> filled(int length, E fill) {
        Object[] items = new Object[length];
        Arrays.fill(items, fill);
        return new ManagedArray<>(items);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        Objects.checkIndex(index, items.length);
        return (E) items[index];
    }

    @Override
    @SuppressWarnings("unchecked")
    public E set(int index, E element) {
        Objects.checkIndex(index, items.length);
        E old = (E) items[index];
        items[index] = element;
        return old;
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public void add(int index, E element) {
        throw fixedLength("add");
    }

    @Override
    public E remove(int index) {
        throw fixedLength("remove");
    }

    @Override
    public void clear() {
        throw fixedLength("clear");
    }

    private UnsupportedOperationException fixedLength(String what) {
        return new UnsupportedOperationException("cannot " + what + " on a managed array: it has a fixed length ("
                + items.length + "); change elements with set(index, value), or use manager.list() for a list"
                + " that grows and shrinks");
    }
}
