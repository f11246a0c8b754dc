"""Loading many files at once: structured files are parsed in worker processes.

Parsing YAML, JSON and TOML is Python work that parallelises, and what comes
back (a few model objects per file) is small next to it. The other files are
read in this process while the workers parse: a CSV schedule is mostly one
object per row, and a Markdown script one per turn, which cost as much to send
back from a worker as to build (measured: 10,000 scripts took 13% longer with
two workers than with none). So are files over ``LOCAL_BYTES``.

Workers only pay off for a run with many such files: starting them and
collecting their results costs some tens of milliseconds. A run uses them when
it has at least ``MIN_FILES`` structured files holding at least ``MIN_BYTES``
together (measured on two CPUs: 100 campaign files, 250 KB, were 7% slower with
two workers; 1,000 campaign files, 2.5 MB, 21% faster). Pre-commit runs on a
handful of files never start one. Results are returned in the order of the
targets, so a parallel run gives exactly the findings of ``--jobs 1``. When
worker processes cannot be started (a sandbox without ``fork``), the files are
read here, one by one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Sequence

from fairlint.load import LoadedFile, LoadOptions, load_file

MIN_FILES = 200  # files for the workers, at least
MIN_BYTES = 1_048_576  # and bytes in them, at least
WORKER_SUFFIXES = (".yaml", ".yml", ".json", ".toml")
LOCAL_BYTES = 4 * 1_048_576  # a file this big is read here: its objects cost as much to send as to build
BATCH_BYTES = 256 * 1024  # a worker gets files in batches of about this much text


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def load_all(
    targets: Sequence[tuple[Path, bool]],
    *,
    labels: dict[str, str],
    max_bytes: int,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    options: LoadOptions | None = None,
) -> list[LoadedFile]:
    """``load_file`` for each (path, explicit) target, in order; ``progress(done, total)`` after each."""
    sizes = [_size(path) for path, _ in targets]
    remote = [i for i, (path, _) in enumerate(targets) if _for_workers(path, sizes[i], max_bytes)]
    if jobs > 1 and len(remote) >= MIN_FILES and sum(sizes[i] for i in remote) >= MIN_BYTES:
        from concurrent.futures.process import BrokenProcessPool  # imported only for runs that use workers

        try:
            return _load_in_workers(targets, sizes, remote, labels, max_bytes, jobs, progress, options)
        except (BrokenProcessPool, OSError):
            pass  # no worker processes here: read the files in this process
    results = []
    for path, explicit in targets:
        results.append(load_file(path, explicit=explicit, labels=labels, max_bytes=max_bytes, options=options))
        if progress is not None:
            progress(len(results), len(targets))
    return results


def load_batch(batch: list[tuple[Path, bool]], labels: dict[str, str], max_bytes: int,
               options: LoadOptions | None = None) -> list[LoadedFile]:
    """What a worker does: load a batch of files."""
    return [load_file(path, explicit=explicit, labels=labels, max_bytes=max_bytes, options=options)
            for path, explicit in batch]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _for_workers(path: Path, size: int, max_bytes: int) -> bool:
    return path.suffix.lower() in WORKER_SUFFIXES and size <= min(LOCAL_BYTES, max_bytes)


def _load_in_workers(targets, sizes, remote, labels, max_bytes, jobs, progress, options=None) -> list[LoadedFile]:
    batches: list[list[int]] = []
    size = BATCH_BYTES
    for index in remote:
        if size >= BATCH_BYTES:
            batches.append([])
            size = 0
        batches[-1].append(index)
        size += sizes[index] + 512  # a small file still costs a little
    results: list[LoadedFile | None] = [None] * len(targets)
    done = 0
    for_workers = set(remote)
    local = [i for i in range(len(targets)) if i not in for_workers]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(batches)), mp_context=_context()) as pool:
        futures = [pool.submit(load_batch, [targets[i] for i in batch], labels, max_bytes, options) for batch in batches]
        for index in local:  # the big files and schedules, while the workers parse the rest
            path, explicit = targets[index]
            results[index] = load_file(path, explicit=explicit, labels=labels, max_bytes=max_bytes, options=options)
            done += 1
            if progress is not None:
                progress(done, len(targets))
        for batch, future in zip(batches, futures):
            for index, loaded in zip(batch, future.result()):
                results[index] = loaded
                done += 1
                if progress is not None:
                    progress(done, len(targets))
    return results  # type: ignore[return-value]


def _context():
    """``fork`` where there is one: workers start at once, with everything already imported."""
    import multiprocessing

    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return multiprocessing.get_context()
