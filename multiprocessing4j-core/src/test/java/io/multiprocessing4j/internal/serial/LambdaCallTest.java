package io.multiprocessing4j.internal.serial;

import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.function.SerializableRunnable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LambdaCallTest {
    static final List<Object> CALLS = new ArrayList<>();

    static void record(Object value) {
        CALLS.add(value);
    }

    static void fail() throws IOException {
        throw new IOException("checked, from the target");
    }

    private static Object roundTrip(Object target) {
        byte[] encoded = LambdaCall.encode(target);
        assertThat(encoded).as("direct-call form of " + target).isNotNull();
        return LambdaCall.decode(encoded, LambdaCallTest.class.getClassLoader());
    }

    @Test
    void aStaticMethodReferenceRunsAsTheMethodItNames() throws Exception {
        CALLS.clear();
        SerializableConsumer<Object> target = LambdaCallTest::record;
        @SuppressWarnings("unchecked")
        SerializableConsumer<Object> call = (SerializableConsumer<Object>) roundTrip(target);
        call.accept("x");
        assertThat(CALLS).containsExactly("x");
    }

    @Test
    void aTargetThatTakesAndCapturesNothingRunsAsItsOwnMethodAndRunsAgain() throws Exception {
        // called with its own type (no adapter to spin in a cold worker)
        CALLS.clear();
        SerializableRunnable target = () -> record("ran");
        SerializableRunnable call = (SerializableRunnable) roundTrip(target);
        call.run();
        call.run();
        assertThat(CALLS).containsExactly("ran", "ran");
    }

    @Test
    void aLambdaGetsItsCapturedPrimitivesAndStringsBack() throws Exception {
        CALLS.clear();
        long big = 1L << 40;
        String s = "captured";
        int[] ints = {1, 2, 3};
        SerializableRunnable target = () -> record(List.of(big, s, ints.length));
        ((SerializableRunnable) roundTrip(target)).run();
        assertThat(CALLS).containsExactly(List.of(big, s, 3));
    }

    @Test
    void aBoundMethodReferenceKeepsItsReceiver() throws Exception {
        CALLS.clear();
        String receiver = "abc";
        SerializableConsumer<Object> target = x -> record(receiver.concat(String.valueOf(x)));
        @SuppressWarnings("unchecked")
        SerializableConsumer<Object> call = (SerializableConsumer<Object>) roundTrip(target);
        call.accept(7);
        assertThat(CALLS).containsExactly("abc7");
    }

    @Test
    void theTargetsCheckedExceptionReachesTheCallerUnwrapped() {
        SerializableRunnable target = LambdaCallTest::fail;
        SerializableRunnable call = (SerializableRunnable) roundTrip(target);
        assertThatThrownBy(call::run).isInstanceOf(IOException.class).hasMessage("checked, from the target");
    }

    @Test
    void theTargetsStackTraceShowsNoFramesOfTheReflectiveCall() {
        SerializableRunnable target = LambdaCallTest::fail;
        SerializableRunnable call = (SerializableRunnable) roundTrip(target);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call::run);
        List<String> frames = java.util.Arrays.stream(thrown.getStackTrace())
                .map(f -> f.getClassName() + "." + f.getMethodName()).toList();
        assertThat(frames.getFirst()).isEqualTo(LambdaCallTest.class.getName() + ".fail");
        // up to this test method (JUnit's own reflection lies beyond it): the target, then its caller
        List<String> ours = frames.subList(0, frames.indexOf(
                LambdaCallTest.class.getName() + ".theTargetsStackTraceShowsNoFramesOfTheReflectiveCall"));
        assertThat(ours).noneMatch(f -> f.startsWith("jdk.internal.reflect.") || f.startsWith("java.lang.reflect.")
                || f.startsWith(LambdaCall.class.getName() + "$"));
    }

    @Test
    void otherTargetsKeepTheOrdinaryForm() {
        AtomicInteger notHandEncoded = new AtomicInteger();
        SerializableRunnable capturesAnObject = () -> record(notHandEncoded);
        io.multiprocessing4j.function.SerializableSupplier<Integer> notCalledByAWorker = () -> 1;
        assertThat(LambdaCall.encode(capturesAnObject)).isNull();
        assertThat(LambdaCall.encode(notCalledByAWorker)).isNull();
        assertThat(LambdaCall.encode("not a lambda")).isNull();
        assertThat(LambdaCall.encode(null)).isNull();
    }

    @Test
    void aMethodTheWorkerCannotFindFallsBackToTheOrdinaryForm() {
        SerializableRunnable target = () -> record(1);
        byte[] encoded = LambdaCall.encode(target);
        ClassLoader withoutThisClass = new ClassLoader(null) {
        };
        assertThat(LambdaCall.decode(encoded, withoutThisClass)).isNull();
    }

    @Test
    void aPreloadedMethodRunsWithEachCallsOwnCapturedValues() throws Exception {
        CALLS.clear();
        ClassLoader loader = LambdaCallTest.class.getClassLoader();
        List<byte[]> forms = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            SerializableRunnable target = () -> record(n);
            forms.add(LambdaCall.encode(target));
        }
        // one method for the three calls: its form without captures is the same
        assertThat(LambdaCall.withoutCaptures(forms.get(0))).isEqualTo(LambdaCall.withoutCaptures(forms.get(2)));
        LambdaCall.preload(LambdaCall.withoutCaptures(forms.get(0)), loader);
        for (byte[] f : forms) {
            ((SerializableRunnable) LambdaCall.decode(f, loader)).run();
        }
        assertThat(CALLS).containsExactly(0, 1, 2);
    }

    @Test
    void aPreloadThatCannotFindItsClassFailsSilentlyAndDecodeStillWorks() throws Exception {
        CALLS.clear();
        SerializableRunnable target = () -> record("after a failed preload");
        byte[] form = LambdaCall.encode(target);
        LambdaCall.preload(form, new ClassLoader(null) {
        });
        LambdaCall.preload(new byte[] {1, 2, 3}, LambdaCallTest.class.getClassLoader());
        ((SerializableRunnable) LambdaCall.decode(form, LambdaCallTest.class.getClassLoader())).run();
        assertThat(CALLS).containsExactly("after a failed preload");
    }

    static int twice(int x) {
        return 2 * x;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPoolFunctionReturnsItsResultAndSwitchesToTheRealLambdaAfterManyCalls() throws Exception {
        SerializableFunction<Integer, Integer> target = LambdaCallTest::twice;
        java.util.concurrent.CountDownLatch upgraded = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger realCalls = new AtomicInteger();
        SerializableFunction<Integer, Integer> real = x -> {
            realCalls.incrementAndGet();
            return twice(x);
        };
        SerializableFunction<Object, Object> call = (SerializableFunction<Object, Object>) LambdaCall.decode(
                LambdaCall.encode(target), LambdaCallTest.class.getClassLoader(), () -> {
                    upgraded.countDown();
                    return real;
                });
        assertThat(call.apply(21)).isEqualTo(42);
        for (int i = 1; i < LambdaCall.UPGRADE_AFTER_CALLS; i++) {
            assertThat(call.apply(i)).isEqualTo(2 * i);
        }
        upgraded.await();
        // the upgrade's result is published by a volatile write: poll until this thread sees it
        int calls = 0;
        while (realCalls.get() == 0) {
            assertThat(call.apply(5)).isEqualTo(10);
            calls++;
            if (calls % 1000 == 0) {
                Thread.onSpinWait();
            }
        }
        assertThat(realCalls.get()).isPositive();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTwoArgumentFunctionTakesBothArguments() throws Exception {
        io.multiprocessing4j.function.SerializableBiFunction<String, Integer, String> target = String::repeat;
        io.multiprocessing4j.function.SerializableBiFunction<Object, Object, Object> call =
                (io.multiprocessing4j.function.SerializableBiFunction<Object, Object, Object>) roundTrip(target);
        assertThat(call.apply("ab", 3)).isEqualTo("ababab");
    }
}
