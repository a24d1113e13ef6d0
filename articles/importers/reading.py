"""Reading stories on a second core while the first writes the batch before them.

Reading a story (parsing its item, sanitising its body) is plain computation, a sixth of
what a first import costs; writing it is the rest, and holds the database. A big batch's
stories are read in a worker process while the batch before it is written. A small one is
read here: a worker costs more to start than a few stories take to read.
"""

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing.connection import wait

from articles.importers.story import Skipped, Story, StoryError, Unread
from newsroom.bulk import collector_paused

logger = logging.getLogger(__name__)

Read = Story | StoryError | Skipped
# Fewer stories than this to read in a batch are read in this process.
WORKER_THRESHOLD = 100


class Reader:
    """Reads batches of unread stories, in a worker process when they are many."""

    def __init__(self, *, threshold: int = WORKER_THRESHOLD) -> None:
        self.threshold = threshold
        self.in_worker = 0  # stories sent to a worker to read
        self._pool: Executor | None = None
        self._unavailable = False

    def submit(self, unread: list[Unread]) -> Callable[[], list[Read]]:
        """Start reading `unread`; the returned call gives what each became, in order."""
        pool = self._worker() if len(unread) >= self.threshold else None
        if pool is None:
            read = read_all(unread)
            return lambda: read
        self.in_worker += len(unread)
        return pool.submit(read_all, unread).result

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _worker(self) -> Executor | None:
        if self._pool is None and not self._unavailable:
            try:
                # One worker: reading is a sixth of the work, so one keeps up with the writer.
                self._pool = ProcessPoolExecutor(max_workers=1, initializer=_worker_setup)
            except (OSError, NotImplementedError) as error:
                logger.warning("Reading stories in this process: no worker (%s)", error)
                self._unavailable = True
        return self._pool


def read_all(unread: list[Unread]) -> list[Read]:
    with collector_paused():
        read = [entry.read() for entry in unread]
    for story in read:
        if isinstance(story, Story):
            story.canonical_json  # noqa: B018 - worked out here, on the worker's core
    return read


def _worker_setup() -> None:
    """Where workers are spawned, not forked, one starts without Django set up. It never
    uses the database, so the connections a forked worker inherits are left alone."""
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    _exit_with_parent()


def _exit_with_parent() -> None:
    """End this worker when the import that started it dies (`kill -9` included).

    A forked worker holds its own copy of the queue it waits on, so a dead parent never
    closes it: the worker would wait forever. The parent's sentinel is closed by the kernel.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
