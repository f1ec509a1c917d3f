"""The direction of dependencies between the portal's apps, read from the source.

Every import statement of every module of an app (inside functions too, and under
TYPE_CHECKING) is an edge from that app to the app it names. The rules:

* `outbox` (every e-mail) is the foundation: it imports no app of the portal at all.
* `accounts` is the bottom layer above it: it imports no other app but `outbox` (its
  sign-up and password e-mails go through the outbox); other apps plug into it
  through its registries, e.g. `accounts.own_data`.
* `reports` and `analysis` are top layers: no app imports them, not even each other
  (the report reads the analysis through a registry in a lower app).
* There is no cycle between apps.

`config` is the project itself (settings, root URLs, the Celery app): it is not an
app and may name any of them; apps may use its helpers.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
FOUNDATION = "outbox"
BOTTOM = "accounts"
TOP = frozenset({"reports", "analysis"})

# Edges the rules above would refuse but that are accepted, each with its reason: none.
KNOWN_EDGES: frozenset[tuple[str, str]] = frozenset()


def portal_apps() -> list[str]:
    """The installed apps that live in this repository (not Django's or a library's)."""
    return sorted(
        app
        for app in settings.INSTALLED_APPS
        if "." not in app and (ROOT / app / "apps.py").is_file()
    )


def _modules(app: str) -> Iterator[Path]:
    yield from sorted((ROOT / app).rglob("*.py"))


def import_edges(apps: list[str]) -> dict[tuple[str, str], list[str]]:
    """{(importer, imported): ["file:line", …]} between different apps of `apps`."""
    known = set(apps) | TOP
    edges: dict[tuple[str, str], list[str]] = {}
    for app in apps:
        for path in _modules(app):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    target = name.split(".")[0]
                    if target in known and target != app:
                        where = f"{path.relative_to(ROOT)}:{node.lineno}"
                        edges.setdefault((app, target), []).append(where)
    return edges


def cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """Every elementary cycle's apps, found by depth-first search from each app."""
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
    found: set[tuple[str, ...]] = set()

    def walk(start: str, node: str, path: list[str]) -> None:
        for following in sorted(graph.get(node, ())):
            if following == start:
                found.add(tuple(path))
            elif following not in path and following > start:
                walk(start, following, [*path, following])

    for start in sorted(graph):
        walk(start, start, [start])
    return [list(cycle) for cycle in sorted(found)]


def violations(edges: dict[tuple[str, str], list[str]]) -> list[str]:
    problems = []
    for (source, target), places in sorted(edges.items()):
        if (source, target) in KNOWN_EDGES:
            continue
        if source == FOUNDATION:
            problems.append(f"{FOUNDATION} imports {target} ({', '.join(places)})")
        if source == BOTTOM and target != FOUNDATION:
            problems.append(f"{BOTTOM} imports {target} ({', '.join(places)})")
        if target in TOP:
            problems.append(f"{source} imports {target}, a top layer ({', '.join(places)})")
    graph = {edge for edge in edges if edge not in KNOWN_EDGES}
    problems += [f"cycle: {' → '.join([*cycle, cycle[0]])}" for cycle in cycles(graph)]
    return problems


def test_the_apps_are_found() -> None:
    apps = portal_apps()
    assert {"accounts", "dialogue", "questions", "moderation", "forum", "reports"} <= set(apps)


def test_dependencies_between_apps_go_one_way() -> None:
    assert violations(import_edges(portal_apps())) == []


def test_the_known_edge_is_still_needed() -> None:
    """The allowance must go as soon as the import it covers does."""
    edges = import_edges(portal_apps())
    assert [edge for edge in KNOWN_EDGES if edge not in edges] == []


# The checker itself, on made-up apps: each rule must be able to fail.


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def fake_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"accounts/models.py": "from forum.models import Post\n"}, "accounts imports forum"),
        (
            {"accounts/services.py": "def f():\n    import questions.selectors\n"},
            "accounts imports questions",
        ),
        ({"outbox/services.py": "from accounts.models import User\n"}, "outbox imports accounts"),
        ({"forum/views.py": "from reports import services\n"}, "forum imports reports"),
        ({"reports/hooks.py": "from analysis.coding import x\n"}, "reports imports analysis"),
        ({"analysis/apps.py": "import reports.models\n"}, "analysis imports reports"),
        (
            {
                "forum/a.py": "from questions.models import Answer\n",
                "questions/b.py": "from forum.models import Post\n",
            },
            "cycle: forum → questions → forum",
        ),
        (
            {
                "dialogue/a.py": "import forum.x\n",
                "forum/b.py": "import moderation.y\n",
                "moderation/c.py": "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from dialogue.models import Chapter\n",
            },
            "cycle: dialogue → forum → moderation → dialogue",
        ),
    ],
)
def test_the_checker_catches_each_rule(
    fake_root: Path, files: dict[str, str], expected: str
) -> None:
    _write(fake_root, files)
    apps = [
        "accounts",
        "analysis",
        "dialogue",
        "forum",
        "moderation",
        "outbox",
        "questions",
        "reports",
    ]
    problems = violations(import_edges(apps))
    assert any(problem.startswith(expected) for problem in problems), problems


def test_the_checker_passes_a_clean_graph(fake_root: Path) -> None:
    _write(
        fake_root,
        {
            "outbox/models.py": "from django.db import models\n",
            "accounts/models.py": "from outbox.services import email_enqueue\n",
            "dialogue/models.py": "from accounts.models import User\n",
            "forum/models.py": "from dialogue.models import Chapter\nfrom .x import y\n",
            "reports/models.py": "from forum.models import Post\n",
        },
    )
    apps = ["accounts", "dialogue", "forum", "outbox", "reports"]
    assert violations(import_edges(apps)) == []
