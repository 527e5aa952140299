package io.multiprocessing4j.internal.log;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event {@code io.multiprocessing4j.TaskDeadline}: A task ran past the pool's task timeout; its worker is interrupted, then killed. */
@Name("io.multiprocessing4j.TaskDeadline")
@Label("Task Past Deadline")
@Category("multiprocessing4j")
@Description("A task ran past the pool's task timeout; its worker is interrupted, then killed.")
final class TaskDeadlineEvent extends Event {
    @Label("Name")
    String name;
    @Label("PID")
    long pid;
    @Label("Task")
    String task;
    @Label("Timeout")
    @jdk.jfr.Timespan long timeout;
}
