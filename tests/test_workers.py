"""Supervised workers: order kept, an overrun or a dead worker fails only its own task."""
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from pipeline import workers


def work(task):
    if task == "slow":
        time.sleep(30)
    if task == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    return f"done {task}"


def failed(task, reason):
    return f"failed {task}: {reason}"


def test_results_come_in_input_order_across_workers_and_chunks():
    tasks = [str(i) for i in range(3 * workers.CHUNK + 5)]
    assert list(workers.run_in_order(tasks, work, 2, None, failed)) == [f"done {t}" for t in tasks]


def test_an_overrun_fails_alone_and_the_others_go_on():
    tasks = ["a", "slow", "b", "c"]
    results = list(workers.run_in_order(tasks, work, 2, 1.0, failed))
    assert results[0] == "done a" and results[2:] == ["done b", "done c"]
    assert results[1] == "failed slow: timed out after 1 s (--timeout)"


def test_a_dead_worker_fails_only_its_task_by_name():
    tasks = [str(i) for i in range(10)] + ["die"] + [str(i) for i in range(10, 20)]
    results = list(workers.run_in_order(tasks, work, 2, None, failed))
    assert results[10] == "failed die: the worker process died while extracting it (killed by signal 9)"
    assert [r for i, r in enumerate(results) if i != 10] == [f"done {i}" for i in range(20)]


def test_workers_die_with_their_parent(tmp_path):
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {os.getcwd()!r})
        from pipeline import workers
        def work(task):
            time.sleep(60)
        pool = workers.run_in_order(["a", "b"], work, 2, None, lambda t, r: r)
        gen = iter(pool)
        import threading
        threading.Thread(target=lambda: next(gen), daemon=True).start()
        time.sleep(1.5)
        import multiprocessing
        print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
        time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    children = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(children) == 2
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in children):
        time.sleep(0.1)
    survivors = [pid for pid in children if alive(pid)]
    for pid in survivors:  # a failed run leaves none behind either
        os.kill(pid, signal.SIGKILL)
    assert survivors == []


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def test_a_worker_that_cannot_prepare_stops_the_run_with_its_reason():
    def prepare():
        raise ValueError("rules/counts.yaml: bad pattern")

    with pytest.raises(workers.PrepareError, match=r"ValueError: rules/counts.yaml: bad pattern"):
        list(workers.run_in_order(["a", "b"], work, 2, None, failed, prepare))


def test_a_death_first_seen_as_alive_loses_no_task(monkeypatch):
    """A worker's pipe reads closed a moment before the worker reads as dead: whichever look
    sees the death first, its batch is failed or requeued, never dropped."""
    real, seen = multiprocessing.process.BaseProcess.is_alive, set()

    def first_look_after_death_says_alive(process):
        alive = real(process)
        if not alive and process.pid not in seen:
            seen.add(process.pid)
            return True
        return alive

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "is_alive", first_look_after_death_says_alive)
    results = list(workers.run_in_order(["a", "die", "b", "c"], work, 1, None, failed))
    assert results == ["done a", "failed die: the worker process died while extracting it (killed by signal 9)",
                       "done b", "done c"]
