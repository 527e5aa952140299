package io.multiprocessing4j.cli;

/** The trivial JVM that worker start-up figures are compared with: it starts and exits. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
