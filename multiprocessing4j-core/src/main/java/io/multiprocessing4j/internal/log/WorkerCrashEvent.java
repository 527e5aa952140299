package io.multiprocessing4j.internal.log;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event {@code io.multiprocessing4j.WorkerCrash}: A pool worker died while it held work; the cause as the pool reports it. */
@Name("io.multiprocessing4j.WorkerCrash")
@Label("Worker Crashed")
@Category("multiprocessing4j")
@Description("A pool worker died while it held work; the cause as the pool reports it.")
final class WorkerCrashEvent extends Event {
    @Label("Name")
    String name;
    @Label("PID")
    long pid;
    @Label("Cause")
    String cause;
}
