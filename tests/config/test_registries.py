"""Registries are filled from AppConfig.ready(), once, whatever was imported first."""

import ast
import importlib
import subprocess
from pathlib import Path
from typing import Any

from config.registry import Registry

ROOT = Path(__file__).resolve().parents[2]
HOOKS = {
    "account_deletion_handler",
    "status_listener",
    "search_indexer",
    "search_visibility_filter",
    "search_text_filter",
    "sitemap_provider",
    "queue_source_register",
    "own_data_section_register",
}


def test_a_registry_keeps_order_and_ignores_a_second_registration() -> None:
    registry: Registry[str] = Registry("test")
    registry.register("b")
    registry.register("a")
    registry.register("b")
    assert list(registry) == ["b", "a"] and len(registry) == 2 and "a" in registry


def test_every_hook_is_filled_from_an_app_config_ready() -> None:
    """No module registers into a hook by being imported (a decorator or a call at
    module level): only apps.py does, inside ready()."""
    files = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    outside_ready = []
    for name in files:
        if name.startswith(("tests/", "bench/")) or not (ROOT / name).is_file():
            continue
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            decorators = getattr(node, "decorator_list", [])
            for decorator in decorators:
                if isinstance(decorator, ast.Name) and decorator.id in HOOKS:
                    outside_ready.append(f"{name}:{decorator.lineno}")
        for statement in tree.body:
            call = statement.value if isinstance(statement, ast.Expr) else None
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id in HOOKS
            ):
                outside_ready.append(f"{name}:{statement.lineno}")
    assert outside_ready == []


def test_ready_run_again_registers_nothing_twice() -> None:
    from accounts import services as accounts_services
    from dialogue import search, selectors
    from moderation import services as moderation_services

    registries: list[Registry[Any]] = [
        accounts_services._deletion_handlers,
        moderation_services._status_listeners,
        search._visibility_filters,
        search._consultation_indexers,
        search._text_filters,
        selectors._sitemap_providers,
    ]
    before = [list(registry) for registry in registries]
    for module in ["questions.services", "questions.search_filters", "forum.sitemap"]:
        importlib.import_module(module)
    from django.apps import apps

    for app in ("questions", "forum", "moderation", "dialogue"):
        apps.get_app_config(app).ready()
    after = [list(registry) for registry in registries]
    assert [len(items) for items in after] == [len(items) for items in before]
    assert all(len(items) > 0 for items in after)
