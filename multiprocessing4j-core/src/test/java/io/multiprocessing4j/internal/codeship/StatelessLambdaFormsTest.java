package io.multiprocessing4j.internal.codeship;

import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.function.SerializableSupplier;
import io.multiprocessing4j.internal.serial.DefaultSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatelessLambdaFormsTest {
    static int value;

    @Test
    void aLambdaThatCapturesNothingIsSerializedOnceAndReadBackTheSame() throws Exception {
        SerializableRunnable target = () -> value = 42;
        assertThat(StatelessLambdaForms.isStatelessLambda(target.getClass())).isTrue();
        byte[] first = CodeShip.serialize(target);
        byte[] second = CodeShip.serialize(target);
        assertThat(second).isEqualTo(first).isNotSameAs(first);
        second[second.length - 1] ^= 1; // a caller's change to its copy reaches no one else
        assertThat(CodeShip.serialize(target)).isEqualTo(first);
        value = 0;
        ((SerializableRunnable) DefaultSerializer.INSTANCE.deserialize(first, getClass().getClassLoader())).run();
        assertThat(value).isEqualTo(42);
    }

    @Test
    void aLambdaThatCapturesValuesIsSerializedEveryTime() throws Exception {
        for (int i = 0; i < 2; i++) {
            int n = i;
            SerializableSupplier<Integer> target = () -> n;
            assertThat(StatelessLambdaForms.isStatelessLambda(target.getClass())).isFalse();
            byte[] bytes = CodeShip.serialize(target);
            @SuppressWarnings("unchecked")
            SerializableSupplier<Integer> back = (SerializableSupplier<Integer>) DefaultSerializer.INSTANCE
                    .deserialize(bytes, getClass().getClassLoader());
            assertThat(back.get()).isEqualTo(n);
        }
    }

    /** A hand-written class may write what it likes: only lambda classes qualify. */
    static final class NoFields implements java.io.Serializable {
    }

    @Test
    void anOrdinaryClassWithoutFieldsDoesNotQualify() {
        assertThat(StatelessLambdaForms.isStatelessLambda(NoFields.class)).isFalse();
    }
}
