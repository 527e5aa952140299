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

    /**
     * Whether the process is still running: Python's {@code parent_process().is_alive()}. A child
     * can watch its parent with it (a parent killed outright also ends its worker JVMs shortly after,
     * see {@link ChildProcess}). Asks the operating system each time; any process may call it.
     *
     * @return whether a process with this pid is alive
     */
    public boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
