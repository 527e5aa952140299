package io.multiprocessing4j.cli.bench.scenarios;

/** The {@code java-hello} reference of the {@code spawn} scenario: a JVM that prints one line and exits. */
public final class JavaHello {

    private JavaHello() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
