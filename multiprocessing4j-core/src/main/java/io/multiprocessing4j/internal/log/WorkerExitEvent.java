package io.multiprocessing4j.internal.log;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event {@code io.multiprocessing4j.WorkerExit}: A worker JVM exited: its exit code, or the signal that killed it, and how long it lived. */
@Name("io.multiprocessing4j.WorkerExit")
@Label("Worker Exited")
@Category("multiprocessing4j")
@Description("A worker JVM exited: its exit code, or the signal that killed it, and how long it lived.")
final class WorkerExitEvent extends Event {
    @Label("Name")
    String name;
    @Label("Role")
    String role;
    @Label("PID")
    long pid;
    @Label("Lifetime")
    @jdk.jfr.Timespan long lifetime;
    @Label("Exit Code")
    int exitCode;
    @Label("Signal")
    String signal;
}
