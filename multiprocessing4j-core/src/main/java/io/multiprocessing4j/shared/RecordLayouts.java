package io.multiprocessing4j.shared;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * How a record of primitives is laid out in shared memory, for {@code SharedRecord}: one field per
 * component, in declaration order, each named after its component and naturally aligned with padding
 * between them as a C compiler would, so the same record is the same struct in every process.
 *
 * <p>Implementation notes. The plan (layout, canonical constructor, accessors) is computed once per
 * record class and kept in a {@link ClassValue}. Reflection is used rather than method handles
 * because the record usually lives in the user's module: {@code setAccessible} is needed only for a
 * record that is not public, which works on the class path and in a package its module opens.
 */
final class RecordLayouts {

    /** What {@code SharedRecord} needs to read and write a record class. */
    public record Plan(StructLayout layout, Constructor<?> constructor, List<Method> accessors, List<String> names) {

        /** @return a new record made of {@code values}, in component order */
        public Object construct(Object[] values) {
            try {
                return constructor.newInstance(values);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("the constructor of " + constructor.getDeclaringClass().getName()
                        + " refused the values read from shared memory: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot construct " + constructor.getDeclaringClass().getName() + ": " + e, e);
            }
        }

        /** @return component {@code i} of {@code record} */
        public Object component(Object record, int i) {
            try {
                return accessors.get(i).invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read component '" + names.get(i) + "' of " + record + ": " + e, e);
            }
        }
    }

    private static final ClassValue<Plan> PLANS = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            return plan(type);
        }
    };

    private RecordLayouts() {
    }

    /**
     * @return the plan of {@code type}
     * @throws IllegalArgumentException if it is not a record, has no components, or has a component
     *         that is not a primitive
     */
    public static Plan of(Class<?> type) {
        return PLANS.get(type);
    }

    private static Plan plan(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        RecordComponent[] cs = type.getRecordComponents();
        if (cs.length == 0) {
            throw new IllegalArgumentException("record " + type.getName() + " has no components to share");
        }
        List<MemoryLayout> members = new ArrayList<>();
        List<Method> accessors = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Class<?>[] types = new Class<?>[cs.length];
        long offset = 0;
        long maxAlign = 1;
        for (int i = 0; i < cs.length; i++) {
            RecordComponent c = cs[i];
            ValueLayout v = valueLayout(c.getType());
            if (v == null) {
                throw new IllegalArgumentException("component '" + c.getName() + "' of record " + type.getName() + " is a "
                        + c.getType().getTypeName() + "; a shared record holds primitives only (boolean, byte, char,"
                        + " short, int, long, float, double): share other data through a queue or a manager");
            }
            long pad = (v.byteAlignment() - offset % v.byteAlignment()) % v.byteAlignment();
            if (pad > 0) {
                members.add(MemoryLayout.paddingLayout(pad));
                offset += pad;
            }
            members.add(v.withName(c.getName()));
            offset += v.byteSize();
            maxAlign = Math.max(maxAlign, v.byteAlignment());
            Method m = c.getAccessor();
            m.setAccessible(true);
            accessors.add(m);
            names.add(c.getName());
            types[i] = c.getType();
        }
        long tail = (maxAlign - offset % maxAlign) % maxAlign;
        if (tail > 0) {
            members.add(MemoryLayout.paddingLayout(tail));
        }
        try {
            Constructor<?> k = type.getDeclaredConstructor(types);
            k.setAccessible(true);
            StructLayout layout = MemoryLayout.structLayout(members.toArray(MemoryLayout[]::new))
                    .withName(type.getSimpleName());
            return new Plan(layout, k, List.copyOf(accessors), List.copyOf(names));
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("record " + type.getName() + " has no canonical constructor", e);
        }
    }

    private static ValueLayout valueLayout(Class<?> t) {
        if (t == boolean.class) {
            return ValueLayout.JAVA_BOOLEAN;
        } else if (t == byte.class) {
            return ValueLayout.JAVA_BYTE;
        } else if (t == char.class) {
            return ValueLayout.JAVA_CHAR;
        } else if (t == short.class) {
            return ValueLayout.JAVA_SHORT;
        } else if (t == int.class) {
            return ValueLayout.JAVA_INT;
        } else if (t == long.class) {
            return ValueLayout.JAVA_LONG;
        } else if (t == float.class) {
            return ValueLayout.JAVA_FLOAT;
        } else if (t == double.class) {
            return ValueLayout.JAVA_DOUBLE;
        }
        return null;
    }
}
