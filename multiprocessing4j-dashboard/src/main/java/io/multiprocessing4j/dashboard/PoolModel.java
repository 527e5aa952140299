package io.multiprocessing4j.dashboard;

import io.multiprocessing4j.pool.PoolActivity;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the page shows, built from a pool's activity: workers, calls, recent tasks and problems.
 *
 * <p>Implementation notes. Owned by the dashboard's model thread: {@link #apply} and
 * {@link #toJson} are never called concurrently. Everything is bounded (workers, calls, tasks,
 * problems keep only the newest), so a long-lived pool does not make the page, or this process,
 * grow. The page gets the whole state each time, so a page that missed updates loses nothing.
 */
final class PoolModel {
    static final int MAX_TASKS = 4000;
    static final int MAX_CALLS = 20;
    static final int MAX_PROBLEMS = 100;
    static final int MAX_WORKERS = 64;
    /** The timeline shows this much of the recent past. */
    static final long WINDOW_MILLIS = 60_000;

    static final class Worker {
        final String name;
        final long pid;
        final long startedMillis;
        String state = "running";
        long endedMillis;
        String cause;
        long tasksDone;
        long crashes;
        long callId = -1;
        String call;
        long index;
        long taskStartMicros;

        Worker(String name, long pid, long startedMillis) {
            this.name = name;
            this.pid = pid;
            this.startedMillis = startedMillis;
        }
    }

    static final class Call {
        final long id;
        final String label;
        final long total;
        final long startedMillis;
        long done;
        long failed;
        long finishedMillis;

        Call(long id, String label, long total, long done, long startedMillis) {
            this.id = id;
            this.label = label;
            this.total = total;
            this.done = done;
            this.startedMillis = startedMillis;
        }
    }

    record Task(String worker, long callId, long index, long startMicros, long endMicros, boolean failed) {
    }

    private final String poolName;
    private final int poolSize;
    private final long createdMillis = System.currentTimeMillis();
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final Map<Long, Call> calls = new LinkedHashMap<>();
    private final ArrayDeque<Task> tasks = new ArrayDeque<>();
    private final ArrayDeque<PoolActivity> problems = new ArrayDeque<>();
    private boolean closed;
    private long closedMillis;
    private long totalDone;

    PoolModel(String poolName, int poolSize) {
        this.poolName = poolName;
        this.poolSize = poolSize;
    }

    boolean closed() {
        return closed;
    }

    List<Long> livePids() {
        List<Long> pids = new ArrayList<>();
        for (Worker w : workers.values()) {
            if (w.state.equals("running")) {
                pids.add(w.pid);
            }
        }
        return pids;
    }

    void apply(PoolActivity a) {
        switch (a) {
            case PoolActivity.WorkerStarted s -> {
                workers.putIfAbsent(s.worker(), new Worker(s.worker(), s.pid(), s.atMillis()));
                trimWorkers();
            }
            case PoolActivity.WorkerExited x -> {
                Worker w = workers.get(x.worker());
                if (w != null) {
                    w.state = x.crashed() ? "crashed" : "exited";
                    w.endedMillis = x.atMillis();
                    w.cause = x.crashed() ? x.cause() : null;
                    if (x.crashed()) {
                        w.crashes++;
                    }
                    w.callId = -1;
                }
                if (x.crashed()) {
                    addProblem(x);
                }
            }
            case PoolActivity.CallStarted c -> {
                calls.putIfAbsent(c.callId(), new Call(c.callId(), c.call(), c.total().orElse(-1), c.done(), c.atMillis()));
                while (calls.size() > MAX_CALLS) {
                    removeOldestFinishedCall();
                }
            }
            case PoolActivity.CallFinished f -> {
                Call c = calls.get(f.callId());
                if (c != null) {
                    c.done = Math.max(c.done, f.done());
                    c.finishedMillis = f.atMillis();
                }
            }
            case PoolActivity.TaskDone t -> {
                totalDone++;
                Worker w = workers.get(t.worker());
                if (w != null) {
                    w.tasksDone++;
                    if (w.callId == t.callId() && w.index == t.index()) {
                        w.callId = -1;
                    }
                }
                Call c = calls.get(t.callId());
                if (c != null) {
                    c.done++;
                    if (t.failed()) {
                        c.failed++;
                    }
                }
                tasks.addLast(new Task(t.worker(), t.callId(), t.index(), t.startMicros(),
                        t.startMicros() + t.nanos() / 1000, t.failed()));
                if (tasks.size() > MAX_TASKS) {
                    tasks.removeFirst();
                }
            }
            case PoolActivity.Running r -> {
                for (Worker w : workers.values()) {
                    w.callId = -1;
                }
                for (PoolActivity.RunningTask t : r.tasks()) {
                    Worker w = workers.get(t.worker());
                    if (w != null) {
                        w.callId = t.callId();
                        w.call = t.call();
                        w.index = t.index();
                        w.taskStartMicros = t.startMicros();
                    }
                }
            }
            case PoolActivity.Problem p -> {
                Worker w = workers.get(p.worker());
                if (w != null && p.kind() == PoolActivity.ProblemKind.TIMEOUT) {
                    w.crashes++;
                }
                addProblem(p); // the call's counters come from its items' TaskDone

            }
            case PoolActivity.Closed c -> {
                closed = true;
                closedMillis = c.atMillis();
                for (Worker w : workers.values()) {
                    w.callId = -1;
                    if (w.state.equals("running")) {
                        w.state = "exited";
                        w.endedMillis = c.atMillis();
                    }
                }
                for (Call call : calls.values()) {
                    if (call.finishedMillis == 0) {
                        call.finishedMillis = c.atMillis();
                    }
                }
            }
        }
    }

    private void addProblem(PoolActivity a) {
        problems.addLast(a);
        if (problems.size() > MAX_PROBLEMS) {
            problems.removeFirst();
        }
    }

    private void removeOldestFinishedCall() {
        for (Iterator<Call> it = calls.values().iterator(); it.hasNext(); ) {
            if (it.next().finishedMillis != 0) {
                it.remove();
                return;
            }
        }
        Iterator<Call> it = calls.values().iterator();
        it.next();
        it.remove();
    }

    private void trimWorkers() {
        Iterator<Worker> it = workers.values().iterator();
        while (workers.size() > MAX_WORKERS && it.hasNext()) {
            if (!it.next().state.equals("running")) {
                it.remove();
            }
        }
    }

    /** The page's whole state. */
    String toJson(ProcStats stats, long droppedActivities) {
        long now = closed ? closedMillis : System.currentTimeMillis();
        long nowMicros = now * 1000;
        Json j = new Json().open();
        j.key("pool").value(poolName).key("size").value(poolSize).key("closed").value(closed)
                .key("now").value(now).key("created").value(createdMillis).key("tasksDone").value(totalDone)
                .key("dropped").value(droppedActivities);
        j.key("workers").openArray();
        for (Worker w : workers.values()) {
            j.open().key("name").value(w.name).key("pid").value(w.pid).key("state").value(w.state)
                    .key("started").value(w.startedMillis).key("done").value(w.tasksDone).key("crashes").value(w.crashes)
                    .key("cpu").value(w.state.equals("running") ? stats.cpuPercent(w.pid) : -1)
                    .key("rss").value(w.state.equals("running") ? stats.rssBytes(w.pid) : -1)
                    .key("cause").value(w.cause);
            if (w.callId >= 0) {
                j.key("task").value(w.call + " #" + w.callId + " item " + w.index)
                        .key("taskAgeMs").value(Math.max(0, (nowMicros - w.taskStartMicros) / 1000));
            } else {
                j.key("task").nullValue().key("taskAgeMs").nullValue();
            }
            j.close();
        }
        j.closeArray();
        j.key("calls").openArray();
        for (Call c : calls.values()) {
            if (c.total == 1 && (c.label.equals("apply") || c.label.equals("execute"))) {
                continue; // single-item calls would flood the list
            }
            long end = c.finishedMillis != 0 ? c.finishedMillis : now;
            double seconds = Math.max(1, end - c.startedMillis) / 1000.0;
            double rate = c.done / seconds;
            j.open().key("id").value(c.id).key("call").value(c.label).key("done").value(c.done)
                    .key("total").value(c.total).key("failed").value(c.failed).key("elapsedMs").value(end - c.startedMillis)
                    .key("rate").value(rate).key("finished").value(c.finishedMillis != 0);
            if (c.finishedMillis == 0 && c.total > 0 && c.done < c.total && rate > 0) {
                j.key("etaMs").value((long) (Math.max(0, c.total - c.done) / rate * 1000));
            } else {
                j.key("etaMs").nullValue();
            }
            j.close();
        }
        j.closeArray();
        long from = Math.max(createdMillis, now - WINDOW_MILLIS);
        j.key("timeline").open().key("from").value(from).key("to").value(now).key("tasks").openArray();
        for (Task t : tasks) {
            if (t.endMicros() / 1000 < from) {
                continue;
            }
            j.openArray().value(t.worker()).value(t.startMicros() / 1000.0).value(t.endMicros() / 1000.0)
                    .value(t.callId()).value(t.index()).value(t.failed()).closeArray();
        }
        j.closeArray().key("running").openArray();
        for (Worker w : workers.values()) {
            if (w.callId >= 0) {
                j.openArray().value(w.name).value(w.taskStartMicros / 1000.0).value(w.callId).value(w.index).closeArray();
            }
        }
        j.closeArray().close();
        j.key("problems").openArray();
        for (Iterator<PoolActivity> it = problems.descendingIterator(); it.hasNext(); ) {
            PoolActivity a = it.next();
            j.open().key("at").value(a.atMillis());
            switch (a) {
                case PoolActivity.Problem p -> j.key("kind").value(p.kind().name().toLowerCase(java.util.Locale.ROOT))
                        .key("worker").value(p.worker()).key("pid").value(p.pid()).key("task").value(p.task())
                        .key("cause").value(p.cause()).key("stderr").openArray().forEachLine(p.stderrTail()).closeArray();
                case PoolActivity.WorkerExited x -> j.key("kind").value("worker died")
                        .key("worker").value(x.worker()).key("pid").value(x.pid()).key("task").nullValue()
                        .key("cause").value(x.cause()).key("stderr").openArray().forEachLine(x.stderrTail()).closeArray();
                default -> {
                }
            }
            j.close();
        }
        j.closeArray();
        return j.close().toString();
    }
}
