package io.multiprocessing4j.process;

/**
 * Exit codes in Python's convention, as {@link ChildProcess#exitCode()} reports them.
 *
 * <p>{@code 0}: the target returned. {@code 1}: the target threw (the stack trace went to the
 * child's stderr). {@code n}: the target called {@code System.exit(n)}. {@code -N}: the process was
 * killed by signal {@code N} ({@code -15} after {@link ChildProcess#terminate()}, {@code -9} after
 * {@link ChildProcess#kill()} or the kernel's OOM killer).
 *
 * <p>The JVM reports a process killed by signal N as status {@code 128 + N}; statuses 129 to 192 are
 * therefore read as signals. A target that calls {@code System.exit(137)} itself is reported as
 * {@code -9}: choose exit statuses below 128, as POSIX shells also expect.
 */
public final class ExitCodes {
    private ExitCodes() {
    }

    /**
     * Converts a status from {@link Process#exitValue()} to Python's convention.
     *
     * @param status the operating system's exit status
     * @return {@code -N} for a death by signal N, else the status itself
     */
    public static int fromProcessStatus(int status) {
        if (status > 128 && status <= 128 + 64) {
            return -(status - 128);
        }
        return status;
    }

    /**
     * Describes an exit code in words, e.g. {@code "was killed by SIGKILL (exit code -9)"}.
     *
     * @param exitCode an exit code in Python's convention
     * @return a phrase that completes "worker pid 123 ..."
     */
    public static String describe(int exitCode) {
        if (exitCode < 0) {
            return "was killed by " + signalName(-exitCode) + " (exit code " + exitCode + ")";
        }
        return "exited with code " + exitCode;
    }

    /**
     * @param signal a Linux signal number
     * @return its name, e.g. {@code SIGKILL}, or {@code signal N}
     */
    public static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 4 -> "SIGILL";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 13 -> "SIGPIPE";
            case 15 -> "SIGTERM";
            default -> "signal " + signal;
        };
    }
}
