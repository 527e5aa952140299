package io.multiprocessing4j.internal.log;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event {@code io.multiprocessing4j.WorkerStart}: A worker JVM connected and got its first assignment (a cold start, or a warm spare handed off). */
@Name("io.multiprocessing4j.WorkerStart")
@Label("Worker Started")
@Category("multiprocessing4j")
@Description("A worker JVM connected and got its first assignment (a cold start, or a warm spare handed off).")
final class WorkerStartEvent extends Event {
    @Label("Name")
    String name;
    @Label("Role")
    String role;
    @Label("PID")
    long pid;
    @Label("Startup")
    @jdk.jfr.Timespan long startup;
    @Label("Warm Spare")
    boolean warmSpare;
}
