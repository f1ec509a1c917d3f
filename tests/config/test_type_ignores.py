"""A silenced type error names its error code and says why, on the same line."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<rest>.*)$")
EXPLAINED = re.compile(r"^\[[a-z-]+(,\s*[a-z-]+)*\]\s+#\s*\S.*")


def unexplained(text: str) -> list[int]:
    """Lines of `text` with a `type: ignore` lacking a code or a reason."""
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if (match := IGNORE.search(line)) and not EXPLAINED.match(match["rest"].strip())
    ]


def test_every_type_ignore_names_its_code_and_a_reason() -> None:
    files = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    found = [
        f"{name}:{number}"
        for name in files
        if (ROOT / name).is_file() and name != "tests/config/test_type_ignores.py"
        for number in unexplained((ROOT / name).read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_check_catches_a_bare_ignore_and_one_without_reason() -> None:
    text = "a = 1  # type: ignore\nb = 2  # type: ignore[misc]\nc = 3  # type: ignore[misc]  # ok\n"
    assert unexplained(text) == [1, 2]
