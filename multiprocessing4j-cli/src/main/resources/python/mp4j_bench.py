#!/usr/bin/env python3
"""CPython side of `mp4j bench`: the same experiments in CPython's multiprocessing.

Usage: python3 mp4j_bench.py --scenario NAME [--quick] [--workers N] [--pinned] [--methods fork,spawn]
       [--n N] [--tasks N] [--sleep S] [--rounds N] [--reps N] [--processes N] [--ops N]
--n is the scenario's main size (items, messages, round trips, calls, elements; per producer for
queue-mpmc), as the Java side passes it.

Prints one JSON record per line on stdout:
    {"scenario", "variant", "metric", "value", "unit", "params"}
with the same scenario, metric names and units as the Java scenarios, so `mp4j bench` can put them
side by side. Variants: cpython-fork, cpython-spawn (one per start method), cpython-sequential,
cpython-threads; a suffix such as -executor marks concurrent.futures.ProcessPoolExecutor.
Every figure of the showcase scenarios is the median of interleaved repetitions after a
warm-up, with its spread (min, max, lo, hi, reps) in params; a variant shorter than 50 ms runs k times
back to back in each repetition (k fixed in its warm-up, runs_per_rep in params) and reports the
mean per run, as the Java side does. Others are medians unless said otherwise. --quick shrinks the sizes.
Standard library only; shm-sum uses numpy when it can be imported (else it reports a skip).

Scenario            metric (unit)                                   params that identify the size
------------------  ----------------------------------------------  ------------------------------
spawn               start+join (ms), CPU per start (ms)             -
spawn-many          total (s)                                       sleep_s, warm=false
pool-start          pool start to first result (ms)                 -
apply-latency       median round trip (us)                          pinned
map-tiny            tasks/s            (also variant -executor)     n, chunksize=1
map-auto            tasks/s                                         n
perfect             total (s), speedup (x)                          n
sqrt                total (s)                                       n, pool=warm|cold
factorial           total (s)                                       n, tasks=4
sleep               total (s)                                       form=processes|pool-map
batching            total (s)                                       tasks, batch
crash-recovery      total (s; -1 = hang), lost tasks (count)        n, outcome
counter-lock        lock time (s), lock final value (count),        increments_per_process
                    unlocked time (s), unlocked final value (count), lost updates (%)
lock-pingpong       median round trip (us)                          pinned
shm-sum             sum time (ms)                                   elements
barrier             total (s), time per round (us)                  rounds
queue-small         msgs/s                                          messages
queue-1k            msgs/s, bandwidth (GB/s)                        messages, size
queue-1m            bandwidth (GB/s)                                messages, size
queue-mpmc          msgs/s, lost (count)                            messages
producer-consumer   total (s), msgs/s                               messages
pipe-pingpong       median round trip (us)                          pinned, round trips
pipe-1m             bandwidth (GB/s)                                messages, size
manager-start       start to first write (ms)                       -
manager-dict        set ops/s, one client; get ops/s, one client;   ops, ops_per_client
                    ops/s, two client processes (ops/s)
manager-compute     merge ops/s (ops/s), total (count)              increments_per_process, expected
"""
import argparse
import gc
import json
import math
import multiprocessing as mp
import os
import statistics
import sys
import threading
import time

ARGS = None

# as on the Java side (Stats.BATCH_SECONDS, Stats.CALIBRATE_BELOW_SECONDS, Stats.COLLECT_BELOW_SECONDS):
# a repetition lasts at least BATCH_SECONDS, shorter runs being repeated back to back (a warm-up run of
# CALIBRATE_BELOW_SECONDS or more is not calibrated); variants shorter than COLLECT_BELOW_SECONDS
# start each repetition after a garbage collection
BATCH_SECONDS = 0.05
MAX_RUNS_PER_REP = 10000
CALIBRATE_BELOW_SECONDS = 0.5
COLLECT_BELOW_SECONDS = 2.0


# ---------------------------------------------------------------------------------------------
# output

def emit(scenario, variant, metric, value, unit, **params):
    rec = {"scenario": scenario, "variant": variant, "metric": metric, "value": value,
           "unit": unit, "params": params}
    print(json.dumps(rec), flush=True)


def methods():
    available = mp.get_all_start_methods()
    return [m for m in ARGS.methods.split(",") if m in available]


def variant(method, suffix=""):
    return "cpython-" + method + suffix


def median_time(reps, fn):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def timed(fn):
    """A variant timed whole: returns its wall time in seconds."""
    def run():
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0
    return run


class Reps(list):
    """The times of one variant, one per repetition, each the mean of k back-to-back runs."""
    k = 1


def fastest_of_fill(fn):
    """The fastest of the back-to-back runs of fn that add up to BATCH_SECONDS, two at least, so
    that one slow run alone cannot decide."""
    total, k, fastest = 0.0, 0, float("inf")
    while (total < BATCH_SECONDS or k < 2) and k < MAX_RUNS_PER_REP:
        t = fn()
        total += t
        fastest = min(fastest, t)
        k += 1
    return fastest


def runs_per_rep(first, fn):
    """1 if the warm-up run took CALIBRATE_BELOW_SECONDS or more; else fn runs back to back until its
    runs add up to BATCH_SECONDS, twice (the first time still warms up), and the count is that time
    over the fastest run of the second time: a run that met another process's time slice would make
    it too small (the Java side's Stats.runsPerRep)."""
    if first >= CALIBRATE_BELOW_SECONDS:
        return 1
    fastest_of_fill(fn)
    fastest = fastest_of_fill(fn)
    if fastest >= BATCH_SECONDS:
        return 1
    return int(min(MAX_RUNS_PER_REP, math.ceil(BATCH_SECONDS / max(fastest, 1e-9))))


def interleaved(reps, variants, warm_up=True):
    """The bench's method, as on the Java side: each variant (name -> function returning its own wall
    time in seconds) runs once as a warm-up, which also fixes its runs per repetition k; then reps
    rounds run one repetition of every variant (k runs, their mean per run), the order rotating from
    round to round. Without warm_up every repetition is one run. Returns name -> Reps of times."""
    names = list(variants)
    k = {n: 1 for n in names}
    collect = {n: False for n in names}
    if warm_up:
        for n in names:
            first = variants[n]()
            collect[n] = first < COLLECT_BELOW_SECONDS
            if collect[n]:
                gc.collect()
            k[n] = runs_per_rep(first, variants[n])
    times = {n: Reps() for n in names}
    for n in names:
        times[n].k = k[n]
    for r in range(reps):
        for i in range(len(names)):
            n = names[(i + r) % len(names)]
            if collect[n]:
                gc.collect()
            times[n].append(sum(variants[n]() for _ in range(k[n])) / k[n])
    return times


def per_rep(per_run, times):
    """Values recorded once per run (warm-up and calibration runs first), averaged per repetition as
    times (a Reps) is: the last reps * k values in groups of k."""
    k, reps = getattr(times, "k", 1), len(times)
    tail = per_run[len(per_run) - reps * k:]
    out = Reps(sum(tail[i * k:(i + 1) * k]) / k for i in range(reps))
    out.k = k
    return out


def emit_samples(scenario, variant, metric, times, unit, scale=1.0, **params):
    """Emits the median of times (times scale) with the spread: min, max, reps, and lo, hi (the
    second smallest and second largest from five repetitions on, as the Java side reports them), and
    runs_per_rep (the k of a Reps, else 1)."""
    vals = [t * scale for t in times]
    ordered = sorted(vals)
    trim = 1 if len(ordered) >= 5 else 0
    params.update(min=float("%.6g" % ordered[0]), max=float("%.6g" % ordered[-1]),
                  lo=float("%.6g" % ordered[trim]), hi=float("%.6g" % ordered[-1 - trim]), reps=len(vals),
                  runs_per_rep=getattr(times, "k", 1))
    emit(scenario, variant, metric, statistics.median(vals), unit, **params)


def children_cpu():
    t = os.times()
    return t.children_user + t.children_system


# ---------------------------------------------------------------------------------------------
# task functions (module level so that spawn children can import them by name)

def noop(*_):
    return None


def identity(x):
    return x


def sleep_for(s):
    time.sleep(s)


def is_perfect(n):
    total = 0
    for i in range(1, n):
        if n % i == 0:
            total += i
    return total == n


def factorial_task(n):
    math.factorial(n)


def square(x):
    return x * x


def square_batch(xs):
    return [x * x for x in xs]


def maybe_crash(i):
    if i % 100 == 99:
        os._exit(1)
    return i


def count_up(value, n, locked, start, end):
    start.wait()
    if locked:
        for _ in range(n):
            with value.get_lock():
                value.value += 1
    else:
        for _ in range(n):
            value.value += 1
    end.wait()


def event_echo(ping, pong, rounds):
    for _ in range(rounds):
        ping.wait()
        ping.clear()
        pong.set()


def barrier_rounds(barrier, rounds):
    for _ in range(rounds):
        barrier.wait()


def shm_sum_half(name, start, stop, go, results):
    import numpy as np
    from multiprocessing import shared_memory
    shm = shared_memory.SharedMemory(name=name)
    try:
        arr = np.ndarray((stop,), dtype=np.float64, buffer=shm.buf)
        go.wait()
        results.put(float(arr[start:stop].sum()))
        del arr
    finally:
        shm.close()


def queue_producer(q, ready, n, payload):
    ready.wait()
    if payload is None:
        for i in range(n):
            q.put(i)
    else:
        for _ in range(n):
            q.put(payload)


def mpmc_producer(q, start, n):
    for i in range(start, start + n):
        q.put(i)


def mpmc_consumer(q, results):
    count = 0
    while True:
        item = q.get()
        if item is None:
            break
        count += 1
    results.put(count)


def pc_producer(q, n):
    for i in range(n):
        q.put(i)
    q.put(None)


def pc_consumer(q):
    while q.get() is not None:
        pass


def pipe_echo(conn):
    while True:
        msg = conn.recv()
        if msg is None:
            break
        conn.send(msg)


def pipe_bytes_sender(conn, n, size):
    block = b"x" * size
    conn.recv()
    for _ in range(n):
        conn.send_bytes(block)
    conn.close()


def manager_client(d, n, base, go, elapsed):
    go.wait()
    t0 = time.perf_counter()
    for i in range(n):
        d[base + i] = i
    for i in range(n):
        d[base + i]
    elapsed.append(time.perf_counter() - t0)


def manager_increment(d, lock, n, go, elapsed):
    go.wait()
    t0 = time.perf_counter()
    for _ in range(n):
        with lock:
            d["total"] = d["total"] + 1
    elapsed.append(time.perf_counter() - t0)


# ---------------------------------------------------------------------------------------------
# scenarios

def sc_spawn():
    reps = ARGS.reps or (3 if ARGS.quick else 7)
    variants = {}
    cpu = {}
    for m in methods():
        ctx = mp.get_context(m)
        cpu[m] = []

        def run(ctx=ctx, m=m):
            c0 = children_cpu()
            t0 = time.perf_counter()
            p = ctx.Process(target=noop)
            p.start()
            p.join()
            t = time.perf_counter() - t0
            cpu[m].append(children_cpu() - c0)
            return t
        variants[m] = run
    times = interleaved(reps, variants)
    for m in variants:
        emit_samples("spawn", variant(m), "start+join", times[m], "ms", 1e3)
        emit_samples("spawn", variant(m), "CPU per start", per_rep(cpu[m], times[m]), "ms", 1e3)


def sc_spawn_many():
    s = ARGS.sleep if ARGS.sleep is not None else (0.2 if ARGS.quick else 1.0)
    reps = ARGS.reps or (1 if ARGS.quick else 3)

    def run(ctx, secs):
        ps = [ctx.Process(target=sleep_for, args=(secs,)) for _ in range(10)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
    variants = {}
    for m in methods():
        ctx = mp.get_context(m)
        run(ctx, 0.01)  # warm-up on the same code path, with a short sleep
        variants[m] = timed(lambda ctx=ctx: run(ctx, s))
    times = interleaved(reps, variants, warm_up=False)
    for m in variants:
        emit_samples("spawn-many", variant(m), "total", times[m], "s", processes=10, sleep_s=s)


def sc_pool_start():
    reps = ARGS.reps or (3 if ARGS.quick else 7)

    def run(ctx):
        t0 = time.perf_counter()
        pool = ctx.Pool(2)
        pool.apply(noop)
        t = time.perf_counter() - t0
        pool.terminate()
        pool.join()
        return t
    variants = {m: (lambda ctx=mp.get_context(m): run(ctx)) for m in methods()}
    times = interleaved(reps, variants)
    for m in variants:
        emit_samples("pool-start", variant(m), "pool start to first result", times[m], "ms", 1e3, workers=2)


def sc_apply_latency():
    calls = ARGS.n or (2000 if ARGS.quick else 10000)
    for m in methods():
        with mp.get_context(m).Pool(2) as pool:
            for _ in range(1000):
                pool.apply(noop)
            times = []
            for _ in range(calls):
                t0 = time.perf_counter()
                pool.apply(noop)
                times.append(time.perf_counter() - t0)
        emit("apply-latency", variant(m), "median round trip", statistics.median(times) * 1e6, "us",
             pinned=ARGS.pinned, workers=2, n=calls)


def sc_map_tiny():
    items = ARGS.n or (20000 if ARGS.quick else 100000)
    from concurrent.futures import ProcessPoolExecutor
    for m in methods():
        ctx = mp.get_context(m)
        with ctx.Pool(ARGS.workers) as pool:
            pool.map(identity, range(100), chunksize=1)
            t = median_time(3, lambda: pool.map(identity, range(items), chunksize=1))
        emit("map-tiny", variant(m), "tasks/s", items / t, "tasks/s", n=items, chunksize=1, workers=ARGS.workers)
        with ProcessPoolExecutor(max_workers=ARGS.workers, mp_context=ctx) as ex:
            list(ex.map(identity, range(100)))
            t = median_time(1, lambda: list(ex.map(identity, range(items))))
        emit("map-tiny", variant(m, "-executor"), "tasks/s", items / t, "tasks/s", n=items, chunksize=1,
             workers=ARGS.workers)


def sc_map_auto():
    items = ARGS.n or (100000 if ARGS.quick else 1000000)
    for m in methods():
        with mp.get_context(m).Pool(ARGS.workers) as pool:
            pool.map(identity, range(1000))
            t = median_time(3 if ARGS.quick else 5, lambda: pool.map(identity, range(items)))
        emit("map-auto", variant(m), "tasks/s", items / t, "tasks/s", n=items, workers=ARGS.workers)


def sc_perfect():
    n = ARGS.n or (3000 if ARGS.quick else 30000)
    reps = ARGS.reps or 3
    numbers = range(1, n + 1)
    small = range(1, 1001)
    ms = methods()

    def pooled(ctx, xs):
        with ctx.Pool(ARGS.workers) as pool:
            pool.map(is_perfect, xs)

    def sequential(xs):
        return [x for x in xs if is_perfect(x)]
    # The sequential run is cut into one piece more than there are pools, of about equal work (every
    # (len)th number), and its pieces run between the pools: its time is then centred on the same
    # moments as theirs. One repetition takes a minute here, so load that comes and goes on a shared
    # machine could otherwise meet the sequential run and not the pools, and inflate the speed-up.
    pieces = [numbers[i::len(ms) + 1] for i in range(len(ms) + 1)]
    sequential(small)  # warm-up on the same code paths, at a small size
    for m in ms:
        pooled(mp.get_context(m), small)
    seq = []
    pools = {m: [] for m in ms}
    for r in range(reps):
        order = ms[r % len(ms):] + ms[:r % len(ms)] if ms else []
        t = 0.0
        for i, m in enumerate(order):
            t += timed(lambda xs=pieces[i]: sequential(xs))()
            pools[m].append(timed(lambda ctx=mp.get_context(m): pooled(ctx, numbers))())
        t += timed(lambda: sequential(pieces[-1]))()
        seq.append(t)
    emit_samples("perfect", "cpython-sequential", "total", seq, "s", n=n)
    for m in ms:
        emit_samples("perfect", variant(m), "total", pools[m], "s", n=n, workers=ARGS.workers, includes="pool start")
        emit("perfect", variant(m), "speedup", statistics.median(seq) / statistics.median(pools[m]), "x", n=n,
             workers=ARGS.workers)


def sc_sqrt():
    if ARGS.n:
        sizes = [ARGS.n]
    else:
        sizes = [10000, 100000, 500000] if ARGS.quick else [10000, 100000, 1000000, 5000000]
    reps = ARGS.reps or 3
    pools = {m: mp.get_context(m).Pool(ARGS.workers) for m in methods()}
    try:
        for pool in pools.values():
            pool.map(math.sqrt, range(10, 1000))
        for n in sizes:
            variants = {"sequential": timed(lambda n=n: [math.sqrt(i) for i in range(10, n)])}
            for m, pool in pools.items():
                def cold(m=m, n=n):
                    with mp.get_context(m).Pool(ARGS.workers) as p:
                        p.map(math.sqrt, range(10, n))
                variants[m + " warm"] = timed(lambda pool=pool, n=n: pool.map(math.sqrt, range(10, n)))
                variants[m + " cold"] = timed(cold)
            times = interleaved(reps, variants)
            emit_samples("sqrt", "cpython-sequential", "total", times["sequential"], "s", n=n)
            for m in pools:
                for state in ("warm", "cold"):
                    emit_samples("sqrt", variant(m), "total", times[m + " " + state], "s", n=n, pool=state,
                                 workers=ARGS.workers)
    finally:
        for pool in pools.values():
            pool.terminate()
            pool.join()


def sc_factorial():
    sizes = [ARGS.n] if ARGS.n else [5000, 20000]
    reps = ARGS.reps or (3 if ARGS.quick else 5)
    for n in sizes:
        def threads(n=n):
            ts = [threading.Thread(target=factorial_task, args=(n,)) for _ in range(4)]
            for t in ts:
                t.start()
            for t in ts:
                t.join()

        variants = {"sequential": timed(lambda n=n: [math.factorial(n) for _ in range(4)]),
                    "threads": timed(threads)}
        for m in methods():
            def procs(ctx=mp.get_context(m), n=n):
                ps = [ctx.Process(target=factorial_task, args=(n,)) for _ in range(4)]
                for p in ps:
                    p.start()
                for p in ps:
                    p.join()
            variants[m] = timed(procs)
        times = interleaved(reps, variants)
        emit_samples("factorial", "cpython-sequential", "total", times["sequential"], "s", n=n, tasks=4)
        emit_samples("factorial", "cpython-threads", "total", times["threads"], "s", n=n, tasks=4)
        for m in methods():
            emit_samples("factorial", variant(m), "total", times[m], "s", n=n, tasks=4, note="result not sent back")


def sc_sleep():
    unit = 0.2 if ARGS.quick else 1.0
    reps = ARGS.reps or (1 if ARGS.quick else 3)

    def processes(ctx, u):
        ps = [ctx.Process(target=sleep_for, args=(u,)) for _ in range(10)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()

    def pool_map(ctx, u):
        with ctx.Pool(5) as pool:
            pool.map(sleep_for, [i * u / 10 for i in range(1, 11)])
    variants = {}
    for m in methods():
        ctx = mp.get_context(m)
        processes(ctx, 0.01)  # warm-up on the same code paths, with short sleeps
        pool_map(ctx, 0.01)
        variants[m + " processes"] = timed(lambda ctx=ctx: processes(ctx, unit))
        variants[m + " pool-map"] = timed(lambda ctx=ctx: pool_map(ctx, unit))
    times = interleaved(reps, variants, warm_up=False)
    for m in methods():
        emit_samples("sleep", variant(m), "total", times[m + " processes"], "s", form="processes", sleep_s=unit)
        emit_samples("sleep", variant(m), "total", times[m + " pool-map"], "s", form="pool-map", sleep_s=unit,
                     workers=5)


def sc_batching():
    tasks = ARGS.tasks or (20000 if ARGS.quick else 200000)
    batch = 5000 if ARGS.quick else 50000
    reps = ARGS.reps or 3
    items = list(range(tasks))
    batches = [items[i:i + batch] for i in range(0, tasks, batch)]
    pools = {m: mp.get_context(m).Pool(ARGS.workers) for m in methods()}
    try:
        for pool in pools.values():
            pool.map(square, range(100), chunksize=1)
        # the sequential baselines run the same functions on the same data as the pools
        variants = {"sequential 1": timed(lambda: [square(x) for x in items]),
                    "sequential %d" % batch: timed(lambda: [square_batch(b) for b in batches])}
        for m, pool in pools.items():
            variants[m + " 1"] = timed(lambda pool=pool: pool.map(square, items, chunksize=1))
            variants["%s %d" % (m, batch)] = timed(lambda pool=pool: pool.map(square_batch, batches, chunksize=1))
        times = interleaved(reps, variants)
    finally:
        for pool in pools.values():
            pool.terminate()
            pool.join()
    for b in (1, batch):
        emit_samples("batching", "cpython-sequential", "total", times["sequential %d" % b], "s", tasks=tasks, batch=b)
        for m in pools:
            emit_samples("batching", variant(m), "total", times["%s %d" % (m, b)], "s", tasks=tasks, batch=b,
                         workers=ARGS.workers)


def sc_crash_recovery():
    tasks = ARGS.n or 1000
    timeout = 5 if ARGS.quick else 20
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    for m in methods():
        ctx = mp.get_context(m)
        pool = ctx.Pool(ARGS.workers)
        t0 = time.perf_counter()
        result = pool.map_async(maybe_crash, range(tasks), chunksize=1)
        result.wait(timeout)
        if result.ready():
            lost = tasks - len([x for x in result.get() if x is not None])
            emit("crash-recovery", variant(m), "total", time.perf_counter() - t0, "s", n=tasks, outcome="done")
            emit("crash-recovery", variant(m), "lost tasks", lost, "count", n=tasks, outcome="done")
        else:
            emit("crash-recovery", variant(m), "total", -1, "s", n=tasks, outcome="hang", timeout_s=timeout)
            emit("crash-recovery", variant(m), "lost tasks", -1, "count", n=tasks, outcome="hang",
                 timeout_s=timeout)
        pool.terminate()
        pool.join()

        done = 0
        t0 = time.perf_counter()
        outcome = "done"
        with ProcessPoolExecutor(max_workers=ARGS.workers, mp_context=ctx) as ex:
            futures = [ex.submit(maybe_crash, i) for i in range(tasks)]
            for f in futures:
                try:
                    f.result(timeout=timeout)
                    done += 1
                except BrokenProcessPool:
                    outcome = "broken pool"
                except Exception:
                    outcome = "error"
        emit("crash-recovery", variant(m, "-executor"), "total", time.perf_counter() - t0, "s", n=tasks,
             outcome=outcome)
        emit("crash-recovery", variant(m, "-executor"), "lost tasks", tasks - done, "count", n=tasks,
             outcome=outcome)


def sc_counter_lock():
    processes = ARGS.processes or 4
    n = ARGS.n or (20000 if ARGS.quick else 100000)
    reps = ARGS.reps or (2 if ARGS.quick else 5)
    params = dict(processes=processes, increments_per_process=n, expected=processes * n)
    for m in methods():
        ctx = mp.get_context(m)
        for locked in (True, False):
            times, last = [], 0
            for _ in range(reps):
                value = ctx.Value("i", 0)
                start, end = ctx.Barrier(processes + 1), ctx.Barrier(processes + 1)
                ps = [ctx.Process(target=count_up, args=(value, n, locked, start, end)) for _ in range(processes)]
                for p in ps:
                    p.start()
                start.wait()
                t0 = time.perf_counter()
                end.wait()
                times.append(time.perf_counter() - t0)
                for p in ps:
                    p.join()
                last = value.value
            way = "lock" if locked else "unlocked"
            emit("counter-lock", variant(m), way + " time", statistics.median(times), "s", reps=reps, **params)
            emit("counter-lock", variant(m), way + " final value", last, "count", reps=reps, **params)
            if not locked:
                emit("counter-lock", variant(m), "lost updates", 100.0 * (processes * n - last) / (processes * n),
                     "%", **params)


def sc_lock_pingpong():
    rounds = ARGS.rounds or (2000 if ARGS.quick else 10000)
    batches = ARGS.reps or 5
    for m in methods():
        ctx = mp.get_context(m)
        ping, pong = ctx.Event(), ctx.Event()
        p = ctx.Process(target=event_echo, args=(ping, pong, rounds * (batches + 1)))
        p.start()
        per_batch = []
        for b in range(-1, batches):  # batch -1 warms up
            t0 = time.perf_counter()
            for _ in range(rounds):
                ping.set()
                pong.wait()
                pong.clear()
            if b >= 0:
                per_batch.append((time.perf_counter() - t0) / rounds)
        p.join()
        emit("lock-pingpong", variant(m), "median round trip", statistics.median(per_batch) * 1e6, "us",
             pinned=ARGS.pinned, rounds_per_batch=rounds, batches=batches)


def sc_shm_sum():
    doubles = ARGS.n or (10_000_000 if ARGS.quick else 100_000_000)
    try:
        import numpy as np
    except ImportError:
        emit("shm-sum", "cpython-sequential", "sum time", float("nan"), "ms", elements=doubles, skipped="numpy missing")
        return
    from multiprocessing import shared_memory
    shm = shared_memory.SharedMemory(create=True, size=doubles * 8)
    try:
        arr = np.ndarray((doubles,), dtype=np.float64, buffer=shm.buf)
        arr[:] = 1.0
        reps = ARGS.reps or 5
        emit("shm-sum", "cpython-sequential", "sum time", median_time(reps, lambda: arr.sum()) * 1e3, "ms",
             elements=doubles)
        for m in methods():
            ctx = mp.get_context(m)
            times = []
            for _ in range(reps):
                go, results = ctx.Event(), ctx.Queue()
                half = doubles // 2
                ps = [ctx.Process(target=shm_sum_half, args=(shm.name, 0, half, go, results)),
                      ctx.Process(target=shm_sum_half, args=(shm.name, half, doubles, go, results))]
                for p in ps:
                    p.start()
                time.sleep(0.3 if m == "fork" else 1.5)  # let both attach before the clock starts
                t0 = time.perf_counter()
                go.set()
                total = results.get() + results.get()
                times.append(time.perf_counter() - t0)
                for p in ps:
                    p.join()
                assert total == doubles
            emit("shm-sum", variant(m), "sum time", statistics.median(times) * 1e3, "ms", elements=doubles, workers=2)
        del arr
    finally:
        shm.close()
        shm.unlink()


def sc_barrier():
    rounds = ARGS.rounds or (2000 if ARGS.quick else 10000)
    for m in methods():
        ctx = mp.get_context(m)
        barrier = ctx.Barrier(2)
        p = ctx.Process(target=barrier_rounds, args=(barrier, rounds + 1))
        p.start()
        barrier.wait()  # both sides running
        t0 = time.perf_counter()
        for _ in range(rounds):
            barrier.wait()
        t = time.perf_counter() - t0
        p.join()
        emit("barrier", variant(m), "time per round", t / rounds * 1e6, "us", parties=2, rounds=rounds)
        emit("barrier", variant(m), "total", t, "s", parties=2, rounds=rounds)


def queue_transfer(m, n, payload):
    ctx = mp.get_context(m)
    q, ready = ctx.Queue(), ctx.Event()
    p = ctx.Process(target=queue_producer, args=(q, ready, n, payload))
    p.start()
    t0 = time.perf_counter()
    ready.set()
    for _ in range(n):
        q.get()
    t = time.perf_counter() - t0
    p.join()
    return t


def sc_queue_small():
    n = ARGS.n or (100000 if ARGS.quick else 1000000)
    for m in methods():
        t = queue_transfer(m, n, None)
        emit("queue-small", variant(m), "msgs/s", n / t, "msgs/s", messages=n)


def sc_queue_1k():
    n = ARGS.n or (20000 if ARGS.quick else 200000)
    payload = b"x" * 1024
    for m in methods():
        t = queue_transfer(m, n, payload)
        emit("queue-1k", variant(m), "msgs/s", n / t, "msgs/s", messages=n, size=1024)
        emit("queue-1k", variant(m), "bandwidth", n * 1024 / t / 1e9, "GB/s", messages=n, size=1024)


def sc_queue_1m():
    n = ARGS.n or (100 if ARGS.quick else 1000)
    payload = b"x" * (1 << 20)
    for m in methods():
        t = queue_transfer(m, n, payload)
        emit("queue-1m", variant(m), "bandwidth", n * (1 << 20) / t / 1e9, "GB/s", messages=n, size=1 << 20)


def sc_queue_mpmc():
    n = 2 * ARGS.n if ARGS.n else (20000 if ARGS.quick else 200000)  # --n: messages per producer
    for m in methods():
        ctx = mp.get_context(m)
        q, results = ctx.Queue(), ctx.Queue()
        consumers = [ctx.Process(target=mpmc_consumer, args=(q, results)) for _ in range(2)]
        producers = [ctx.Process(target=mpmc_producer, args=(q, i * (n // 2), n // 2)) for i in range(2)]
        t0 = time.perf_counter()
        for p in consumers + producers:
            p.start()
        for p in producers:
            p.join()
        for _ in consumers:
            q.put(None)
        received = results.get() + results.get()
        t = time.perf_counter() - t0
        for p in consumers:
            p.join()
        emit("queue-mpmc", variant(m), "msgs/s", received / t, "msgs/s", messages=n, includes="process start")
        emit("queue-mpmc", variant(m), "lost", n - received, "count", messages=n)


def sc_producer_consumer():
    n = ARGS.n or (10000 if ARGS.quick else 100000)
    for m in methods():
        ctx = mp.get_context(m)

        def run():
            q = ctx.Queue()
            ps = [ctx.Process(target=pc_producer, args=(q, n)), ctx.Process(target=pc_consumer, args=(q,))]
            for p in ps:
                p.start()
            for p in ps:
                p.join()
        t = median_time(3, run)
        emit("producer-consumer", variant(m), "total", t, "s", messages=n, includes="process start")
        emit("producer-consumer", variant(m), "msgs/s", n / t, "msgs/s", messages=n, includes="process start")


def sc_pipe_pingpong():
    rounds = ARGS.n or (2000 if ARGS.quick else 10000)
    for m in methods():
        ctx = mp.get_context(m)
        a, b = ctx.Pipe()
        p = ctx.Process(target=pipe_echo, args=(b,))
        p.start()
        msg = ("ping", 1)
        times = []
        for i in range(rounds + 100):
            t0 = time.perf_counter()
            a.send(msg)
            a.recv()
            if i >= 100:
                times.append(time.perf_counter() - t0)
        a.send(None)
        p.join()
        emit("pipe-pingpong", variant(m), "median round trip", statistics.median(times) * 1e6, "us",
             pinned=ARGS.pinned, **{"round trips": rounds})


def sc_pipe_1m():
    n = ARGS.n or (100 if ARGS.quick else 1000)
    size = 1 << 20
    for m in methods():
        ctx = mp.get_context(m)
        a, b = ctx.Pipe()
        p = ctx.Process(target=pipe_bytes_sender, args=(b, n, size))
        p.start()
        buf = bytearray(size)
        t0 = time.perf_counter()
        a.send("go")
        for _ in range(n):
            a.recv_bytes_into(buf)
        t = time.perf_counter() - t0
        p.join()
        emit("pipe-1m", variant(m), "bandwidth", n * size / t / 1e9, "GB/s", messages=n, size=size)


def sc_manager_start():
    reps = ARGS.reps or (2 if ARGS.quick else 5)
    for m in methods():
        ctx = mp.get_context(m)
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            manager = ctx.Manager()
            d = manager.dict()
            d["k"] = 1
            times.append(time.perf_counter() - t0)
            manager.shutdown()
        emit("manager-start", variant(m), "start to first write", statistics.median(times) * 1e3, "ms", reps=reps)


def sc_manager_dict():
    ops = ARGS.ops or (5000 if ARGS.quick else 20000)
    for m in methods():
        ctx = mp.get_context(m)
        with ctx.Manager() as manager:
            d = manager.dict()
            for i in range(2000):
                d[i] = i
            t0 = time.perf_counter()
            for i in range(ops):
                d[i] = i
            t1 = time.perf_counter()
            for i in range(ops):
                d[i]
            t2 = time.perf_counter()
            emit("manager-dict", variant(m), "set ops/s, one client", ops / (t1 - t0), "ops/s", ops=ops)
            emit("manager-dict", variant(m), "get ops/s, one client", ops / (t2 - t1), "ops/s", ops=ops)
            go, elapsed = manager.Event(), manager.list()
            ps = [ctx.Process(target=manager_client, args=(d, ops, k * ops, go, elapsed)) for k in range(2)]
            for p in ps:
                p.start()
            go.set()
            for p in ps:
                p.join()
            emit("manager-dict", variant(m), "ops/s, two client processes", 2.0 * 2 * ops / max(elapsed), "ops/s",
                 ops_per_client=2 * ops, clients=2)


def sc_manager_compute():
    n = ARGS.n or (2000 if ARGS.quick else 10000)
    for m in methods():
        ctx = mp.get_context(m)
        with ctx.Manager() as manager:
            d, lock = manager.dict(), manager.Lock()
            d["total"] = 0
            go, elapsed = manager.Event(), manager.list()
            ps = [ctx.Process(target=manager_increment, args=(d, lock, n, go, elapsed)) for _ in range(2)]
            for p in ps:
                p.start()
            go.set()
            for p in ps:
                p.join()
            emit("manager-compute", variant(m), "merge ops/s", 2.0 * n / max(elapsed), "ops/s", processes=2,
                 increments_per_process=n)
            emit("manager-compute", variant(m), "total", d["total"], "count", expected=2 * n)


SCENARIOS = {
    "spawn": sc_spawn, "spawn-many": sc_spawn_many, "pool-start": sc_pool_start,
    "apply-latency": sc_apply_latency, "map-tiny": sc_map_tiny, "map-auto": sc_map_auto,
    "perfect": sc_perfect, "sqrt": sc_sqrt, "factorial": sc_factorial, "sleep": sc_sleep,
    "batching": sc_batching, "crash-recovery": sc_crash_recovery, "counter-lock": sc_counter_lock,
    "lock-pingpong": sc_lock_pingpong, "shm-sum": sc_shm_sum, "barrier": sc_barrier,
    "queue-small": sc_queue_small, "queue-1k": sc_queue_1k, "queue-1m": sc_queue_1m,
    "queue-mpmc": sc_queue_mpmc, "producer-consumer": sc_producer_consumer,
    "pipe-pingpong": sc_pipe_pingpong, "pipe-1m": sc_pipe_1m, "manager-start": sc_manager_start,
    "manager-dict": sc_manager_dict, "manager-compute": sc_manager_compute,
}


def main():
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", required=True, choices=sorted(SCENARIOS) + ["list"])
    ap.add_argument("--quick", action="store_true", help="smaller sizes, fewer repetitions")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--pinned", action="store_true", help="label figures as pinned (the caller runs taskset)")
    ap.add_argument("--methods", default="fork,spawn", help="start methods to measure, comma-separated")
    ap.add_argument("--n", type=int, help="problem size where a scenario has one")
    ap.add_argument("--tasks", type=int, help="task count where a scenario has one")
    ap.add_argument("--sleep", type=float, help="sleep seconds where a scenario has one")
    ap.add_argument("--rounds", type=int, help="rounds (barrier, lock-pingpong: per batch)")
    ap.add_argument("--reps", type=int, help="repetitions (or batches) where a scenario has them")
    ap.add_argument("--processes", type=int, help="process count (counter-lock)")
    ap.add_argument("--ops", type=int, help="operations per client (manager-dict)")
    ARGS = ap.parse_args()
    if ARGS.scenario == "list":
        print("\n".join(sorted(SCENARIOS)))
        return
    SCENARIOS[ARGS.scenario]()


if __name__ == "__main__":
    main()
