package io.multiprocessing4j.internal.codeship;

import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * The serialized form of each lambda class that captures nothing, kept once made.
 *
 * <p>Implementation notes. Such a lambda's serialized form names its class, method and
 * interface and nothing else, so every instance of the class writes the same bytes. Writing them
 * went through {@code ObjectOutputStream} and the lambda's {@code writeReplace} on every
 * {@code start()} of a process: 0.3-0.9 ms of a warm start and join that takes 5-6 ms. Only lambda
 * classes (hidden, synthetic, {@code $$Lambda}) with no instance field qualify; a class written by
 * hand may write what it likes. A form that needed a shipment (a JShell snippet, which may be
 * redefined) is never kept: only the plain serializer's bytes are.
 */
final class StatelessLambdaForms {
    private static final ClassValue<Form> FORMS = new ClassValue<>() {
        @Override
        protected Form computeValue(Class<?> type) {
            return new Form(isStatelessLambda(type));
        }
    };

    private StatelessLambdaForms() {
    }

    /** A copy of the form kept for {@code value}'s class, or null. */
    static byte[] get(Object value) {
        Form f = FORMS.get(value.getClass());
        byte[] b = f.stateless ? f.bytes : null;
        return b == null ? null : b.clone();
    }

    /** Keeps {@code bytes}, the plain serialized form of {@code value}, if its class qualifies. */
    static void put(Object value, byte[] bytes) {
        Form f = FORMS.get(value.getClass());
        if (f.stateless && f.bytes == null) {
            f.bytes = bytes.clone();
        }
    }

    static boolean isStatelessLambda(Class<?> type) {
        if (!type.isHidden() || !type.isSynthetic() || !type.getName().contains("$$Lambda")
                || !Serializable.class.isAssignableFrom(type)) {
            return false;
        }
        for (Field f : type.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static final class Form {
        final boolean stateless;
        volatile byte[] bytes;

        Form(boolean stateless) {
            this.stateless = stateless;
        }
    }
}
