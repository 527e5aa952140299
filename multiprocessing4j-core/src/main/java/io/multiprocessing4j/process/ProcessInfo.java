package io.multiprocessing4j.process;

/**
 * Who a process is: what {@code Multiprocessing.currentProcess()} and {@code parentProcess()} return.
 *
 * @param name the process name: {@code MainProcess} in the program's own JVM, the name given to the
 *     {@link ChildProcess} or pool worker in a child
 * @param pid the operating-system process id
 * @param daemon whether the process is a daemon child
 */
public record ProcessInfo(String name, long pid, boolean daemon) {
}
