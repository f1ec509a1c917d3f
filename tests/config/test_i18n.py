"""One helper names the active language; nothing else spells out the fallback."""

import re
import subprocess
from pathlib import Path

from django.utils import translation

from config.i18n import language_code

ROOT = Path(__file__).resolve().parents[2]
COPY = re.compile(r"get_language\(\)\s*or\s*[^)]*\)\s*\[:2\]")


def test_the_active_language_as_two_letters() -> None:
    with translation.override("fr"):
        assert language_code() == "fr"
    with translation.override("fr-ca"):
        assert language_code() == "fr"
    with translation.override("en"):
        assert language_code() == "en"
    with translation.override(None):
        assert language_code() == "en"


def test_no_module_repeats_the_fallback() -> None:
    files = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    copies = [
        name
        for name in files
        if name not in ("config/i18n.py", "tests/config/test_i18n.py")
        and (ROOT / name).is_file()
        and COPY.search((ROOT / name).read_text(encoding="utf-8"))
    ]
    assert copies == []
