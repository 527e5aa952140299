package io.multiprocessing4j.pool;

import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.function.SerializableQuadFunction;
import io.multiprocessing4j.function.SerializableTriFunction;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns {@code starmap} argument tuples into lists of the function's arity, in the caller's thread.
 *
 * <p>Implementation notes. Every tuple (a {@link List}, an array, a record or a {@link Map.Entry})
 * becomes a plain list here, so a wrong arity fails the call before anything runs, naming the item,
 * and the worker sees one shape only. Functions of three and four arguments travel wrapped in a
 * {@link Spread}, an ordinary one-argument function, so the workers and the pool engine need no
 * kind of task beyond the ones they already run.
 */
final class Starmaps {
    private Starmaps() {
    }

    /** An argument list in an error message, cut to 60 characters (as the pool engine's messages show items). */
    private static String summarize(Object o) {
        String s;
        try {
            s = String.valueOf(o);
        } catch (RuntimeException e) {
            s = o.getClass().getName();
        }
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** @return each tuple as a list of exactly {@code arity} values */
    public static List<List<Object>> tuples(String label, Iterable<?> tuples, int arity) {
        Objects.requireNonNull(tuples, "argument tuples must not be null");
        List<List<Object>> out = new ArrayList<>();
        int index = 0;
        for (Object t : tuples) {
            List<Object> values = valuesOf(label, index, t, arity);
            if (values.size() != arity) {
                throw new IllegalArgumentException(label + " item " + index + " has " + values.size() + " arguments "
                        + summarize(values) + " but the function takes " + arity
                        + ": give every item exactly " + arity + " values");
            }
            out.add(values);
            index++;
        }
        return out;
    }

    private static List<Object> valuesOf(String label, int index, Object tuple, int arity) {
        return switch (tuple) {
            case null -> throw new NullPointerException(label + " item " + index
                    + " is null: give a List, an array, a record or a Map.Entry of " + arity + " values");
            case List<?> l -> new ArrayList<>(l);
            case Object[] a -> new ArrayList<>(Arrays.asList(a));
            case Map.Entry<?, ?> e -> new ArrayList<>(Arrays.asList(e.getKey(), e.getValue()));
            case Record r -> recordValues(r);
            default -> {
                if (tuple.getClass().isArray()) { // a primitive array
                    List<Object> l = new ArrayList<>();
                    for (int i = 0; i < Array.getLength(tuple); i++) {
                        l.add(Array.get(tuple, i));
                    }
                    yield l;
                }
                throw new IllegalArgumentException(label + " item " + index + " is a " + tuple.getClass().getName()
                        + ": give a List, an array, a record or a Map.Entry of " + arity + " values");
            }
        };
    }

    private static List<Object> recordValues(Record r) {
        RecordComponent[] components = r.getClass().getRecordComponents();
        List<Object> l = new ArrayList<>(components.length);
        for (RecordComponent c : components) {
            try {
                var accessor = c.getAccessor();
                accessor.setAccessible(true);
                l.add(accessor.invoke(r));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read component " + c.getName() + " of record "
                        + r.getClass().getName() + ": make the record accessible (public, or in an open package)", e);
            }
        }
        return l;
    }

    /** @return each tuple of two values as an entry (nulls allowed), for the two-argument {@code starmap} */
    @SuppressWarnings("unchecked")
    public static <A, B> List<Map.Entry<A, B>> entriesOf(String label, Iterable<?> tuples) {
        List<Map.Entry<A, B>> out = new ArrayList<>();
        for (List<Object> l : tuples(label, tuples, 2)) {
            out.add(new java.util.AbstractMap.SimpleImmutableEntry<>((A) l.get(0), (B) l.get(1)));
        }
        return out;
    }

    /** @return {@code function} (three or four arguments) as a function of one list */
    @SuppressWarnings("unchecked")
    public static <R> SerializableFunction<List<Object>, R> spread(Object function) {
        Objects.requireNonNull(function, "function must not be null");
        return (SerializableFunction<List<Object>, R>) (SerializableFunction<?, ?>) new Spread(function);
    }

    /** A function of three or four arguments applied to a list of that many values. */
    record Spread(Object function) implements SerializableFunction<List<Object>, Object> {
        @Override
        @SuppressWarnings("unchecked")
        public Object apply(List<Object> a) throws Exception {
            return switch (function) {
                case SerializableTriFunction<?, ?, ?, ?> f ->
                        ((SerializableTriFunction<Object, Object, Object, Object>) f).apply(a.get(0), a.get(1), a.get(2));
                case SerializableQuadFunction<?, ?, ?, ?, ?> f ->
                        ((SerializableQuadFunction<Object, Object, Object, Object, Object>) f)
                                .apply(a.get(0), a.get(1), a.get(2), a.get(3));
                default -> throw new IllegalStateException("not a starmap function: " + function.getClass().getName());
            };
        }
    }
}
