"""Participants writing in the background while a test breaks a service."""

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.faults.client import Participant


@contextmanager
def writing(
    people: list[Participant], seeded: dict[str, Any], pause: float = 0.3
) -> Iterator[None]:
    """Each participant answers, replies and starts threads in turn until the block ends."""
    stop = threading.Event()

    def keep_writing(person: Participant, offset: int) -> None:
        questions = itertools.cycle(seeded["questions"][offset:] + seeded["questions"][:offset])
        threads = itertools.cycle(seeded["threads"])
        boards = itertools.cycle(seeded["boards"])
        for step in itertools.count():
            if stop.is_set():
                return
            if step % 3 == 0:
                person.answer(next(questions))
            elif step % 3 == 1:
                person.reply(next(threads))
            else:
                person.thread_create(next(boards))
            stop.wait(pause)

    workers = [
        threading.Thread(target=keep_writing, args=(person, n), daemon=True)
        for n, person in enumerate(people)
    ]
    for worker in workers:
        worker.start()
    try:
        yield
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=60)
