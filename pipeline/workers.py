"""Supervised worker processes for batch extraction.

Every task runs in a child process under a time limit. A task that overruns it, or whose
worker dies under it (killed, out of memory, a crash in C code), fails alone with a reason
naming it, and the worker is replaced; the tasks queued behind it go on. Results come back
in input order whatever the number of workers. Workers ignore Ctrl-C (the parent ends them)
and, on Linux, are killed by the kernel when their parent dies, so none outlives a killed
``build``.
"""
from __future__ import annotations

import ctypes
import functools
import multiprocessing
import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterator, Sequence, TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")

CHUNK = 8  # tasks sent to a worker at once: fewer round trips, still balanced
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux only)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


READY = -1  # the index a worker sends once prepared: no task's clock runs before it
UNPREPARED = -2  # the index a worker sends, with the reason, when it could not prepare


class PrepareError(Exception):
    """A worker could not prepare (load the rules or models every task needs): no task can
    run, so the whole run stops with this reason instead of failing every task alike."""


def serve(connection: Connection, work: Callable, prepare: Callable | None, parent: int) -> None:
    """A worker's loop: prepare (load what every task needs), say so, then receive batches of
    (index, task) and send (index, result) for each."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        if prepare is not None:
            prepare()
    except Exception as error:  # noqa: BLE001 — said to the parent, which stops the run
        connection.send((UNPREPARED, f"{type(error).__name__}: {error}"))
        return
    connection.send((READY, None))
    while True:
        try:
            batch = connection.recv()
        except EOFError:
            return
        for index, task in batch:
            connection.send((index, work(task)))


@dataclass
class Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    batch: deque = field(default_factory=deque)  # (index, task) sent and not yet answered
    since: float = 0.0  # when the task at the head of the batch started
    ready: bool = False  # prepared: from then on its tasks are timed

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


def context() -> multiprocessing.context.BaseContext:
    # fork: a child shares the parent's loaded pipeline and starts in milliseconds.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def start_worker(work: Callable, prepare: Callable | None) -> Worker:
    start_method = context()
    ours, theirs = start_method.Pipe()
    process = start_method.Process(target=serve, args=(theirs, work, prepare, os.getpid()), daemon=True)
    process.start()
    theirs.close()
    return Worker(process, ours)


def run_in_order(tasks: Sequence[Task], work: Callable[[Task], Result], workers: int,
                 timeout: float | None, failed: Callable[[Task, str], Result],
                 prepare: Callable | None = None) -> Iterator[Result]:
    """``work(task)`` for every task in child processes, yielded in the order of ``tasks``.
    A task that takes longer than ``timeout`` seconds (None: no limit; the worker's
    ``prepare()`` does not count), or whose worker dies, yields ``failed(task, reason)``."""
    pending = deque(enumerate(tasks))
    results: dict[int, Result] = {}
    start = functools.partial(start_worker, work, prepare)
    pool = [start() for _ in range(max(1, min(workers, len(tasks))))]
    try:
        for worker in pool:
            assign(worker, pending)
        for index in range(len(tasks)):
            while index not in results:
                if not pending and not any(worker.batch for worker in pool):
                    raise RuntimeError(f"task {index} was lost: no worker has it and none is pending")
                supervise(pool, pending, results, start, timeout, failed)
            yield results.pop(index)
    finally:
        for worker in pool:
            worker.stop()


def assign(worker: Worker, pending: deque) -> None:
    if pending and not worker.batch:
        worker.batch.extend(pending.popleft() for _ in range(min(CHUNK, len(pending))))
        worker.since = time.monotonic()
        try:
            worker.connection.send(list(worker.batch))
        except OSError:  # it died idle: the batch goes back, the next round replaces it
            pending.extendleft(reversed(worker.batch))
            worker.batch.clear()
            worker.process.kill()


def supervise(pool: list[Worker], pending: deque, results: dict, start: Callable[[], Worker],
              timeout: float | None, failed: Callable) -> None:
    """Wait for the next answer, death or overrun among the busy workers, and act on it."""
    busy = [worker for worker in pool if worker.batch]
    if busy:
        timed = [worker.since for worker in busy if worker.ready]
        deadline = min(timed) + timeout if timeout and timed else None
        wait([w.connection for w in busy] + [w.process.sentinel for w in busy],
             None if deadline is None else max(0.0, deadline - time.monotonic()))
    for position, worker in enumerate(pool):
        # Alive or not is read once, before the answers: a worker seen dead here has left all
        # it sent readable, and one that dies after is seen at the next round. (Read twice, a
        # death between the reads would restart the worker and drop its batch.)
        alive = worker.process.is_alive()
        reason = collect(worker, results, alive)
        if reason is None and timeout and worker.batch and worker.ready \
                and time.monotonic() - worker.since > timeout:
            reason = f"timed out after {timeout:g} s (--timeout)"
        if reason is not None:
            index, task = worker.batch.popleft()
            results[index] = failed(task, reason)
            pending.extendleft(reversed(worker.batch))
            worker.batch.clear()
        if reason is not None or not alive:
            worker.stop()
            pool[position] = worker = start()
        assign(worker, pending)


def collect(worker: Worker, results: dict, alive: bool) -> str | None:
    """Take the worker's finished answers; the reason it died, if it did with work left."""
    try:
        while worker.batch and worker.connection.poll():
            index, result = worker.connection.recv()
            if index == UNPREPARED:
                raise PrepareError(result)
            worker.since = time.monotonic()
            worker.ready = True
            if index != READY:
                results[index] = result
                worker.batch.popleft()
    except (EOFError, OSError):
        pass
    if worker.batch and not alive:
        worker.process.join()
        code = worker.process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return f"the worker process died while extracting it ({how})"
    return None
