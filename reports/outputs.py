"""Writing a run's files so that a reader never sees a half-written one.

Each file is written to a temporary name in the run's folder while its size and
SHA-256 are counted from the bytes written; the temporary file is then read back
and checked. Only when every file of the run has passed is each one moved into
place with `os.replace` (atomic on one file system) and read back once more.
A crash before that point leaves the previous files untouched.

Temporary names carry their writer's tag: the attempt number (`.answers.csv.3.tmp`)
or, for a re-issue of a published run's files, `r` and its number. A write that
fails removes its own partial file; a writer killed outright leaves its files to
the next attempt, the next re-issue or the watchdog (`temp_files_remove`).
"""

import hashlib
import io
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from django.conf import settings

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

CHUNK = 1024 * 1024
TEMPORARY = re.compile(r"^\.(?P<name>[^/]+)\.(?P<prefix>r?)(?P<number>\d+)\.tmp$")
REISSUE_PREFIX = "r"

logger = logging.getLogger(__name__)


class OutputCheckFailed(Exception):
    pass


@dataclass
class Written:
    kind: str
    name: str
    content_type: str
    size: int
    sha256: str
    temporary: Path


class _HashingFile(io.RawIOBase):
    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.hash = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: "ReadableBuffer") -> int:
        written = self.file.write(data)
        self.hash.update(memoryview(data)[:written])
        self.size += written
        return written


def run_folder(run_id: int) -> Path:
    return Path(settings.REPORTS_ROOT) / str(int(run_id))


def temp_files_remove(run_id: int, *, below: int, prefix: str = "") -> list[str]:
    """Remove the run's temporary files of writers tagged `prefix` + a number below `below`.

    Attempts (no prefix) and re-issues (`REISSUE_PREFIX`) are numbered apart, so
    cleaning after one never touches the files the other is writing.
    """
    removed: list[str] = []
    try:
        entries = list(run_folder(run_id).iterdir())
    except OSError:
        return removed
    for path in entries:
        match = TEMPORARY.match(path.name)
        if match and match["prefix"] == prefix and int(match["number"]) < below:
            path.unlink(missing_ok=True)
            removed.append(path.name)
    if removed:
        logger.info("report run %s: removed temporary files %s", run_id, sorted(removed))
    return removed


def file_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


class OutputSet:
    """The files of one attempt of one run; `commit()` swaps them all in."""

    def __init__(self, *, run_id: int, attempt: int, prefix: str = "") -> None:
        self.run_id = run_id
        self.folder = run_folder(run_id)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.tag = f"{prefix}{attempt}"
        self.written: list[Written] = []
        # Earlier writers of the same kind are dead or finished: their leftovers go.
        temp_files_remove(run_id, below=attempt, prefix=prefix)

    @contextmanager
    def open(
        self, *, kind: str, name: str, content_type: str, text: bool = True
    ) -> Iterator[IO[Any]]:
        if "/" in name or name.startswith("."):
            raise ValueError("an output name is a plain file name")
        temporary = self.folder / f".{name}.{self.tag}.tmp"
        try:
            with open(temporary, "wb") as raw:
                hashing = _HashingFile(raw)
                buffered = io.BufferedWriter(hashing)
                stream = (
                    io.TextIOWrapper(buffered, encoding="utf-8", newline="") if text else buffered
                )
                try:
                    yield stream
                    stream.flush()
                    raw.flush()
                    os.fsync(raw.fileno())
                finally:
                    if text:
                        # Leave the raw file to the `with` block that opened it.
                        stream.detach()
        except BaseException:
            # A full disk or an I/O error mid-write: no partial file stays behind.
            temporary.unlink(missing_ok=True)
            raise
        self.written.append(
            Written(kind, name, content_type, hashing.size, hashing.hash.hexdigest(), temporary)
        )

    def write_bytes(self, *, kind: str, name: str, content_type: str, data: bytes) -> None:
        with self.open(kind=kind, name=name, content_type=content_type, text=False) as stream:
            stream.write(data)

    def _check(self, path: Path, item: Written) -> None:
        size, sha256 = file_digest(path)
        if (size, sha256) != (item.size, item.sha256):
            raise OutputCheckFailed(
                f"{item.name}: expected {item.size} bytes with SHA-256 {item.sha256}, "
                f"found {size} bytes with {sha256}"
            )

    def commit(self) -> list[Written]:
        """Check every temporary file, move them all into place, check again. Returns the list."""
        for item in self.written:
            self._check(item.temporary, item)
        for item in self.written:
            os.replace(item.temporary, self.folder / item.name)
        for item in self.written:
            self._check(self.folder / item.name, item)
        return list(self.written)

    def discard(self) -> None:
        for item in self.written:
            item.temporary.unlink(missing_ok=True)
