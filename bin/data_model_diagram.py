"""Rewrite docs/data-model.mmd from the models: `python bin/data_model_diagram.py`.

The comment lines at the top of the file are kept; entities and keys are written in
INSTALLED_APPS order, so the diagram changes only where the models do.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def main() -> None:
    import django

    django.setup()
    from django.apps import apps

    from tests.test_architecture import portal_apps

    diagram = ROOT / "docs" / "data-model.mmd"
    header = [
        line for line in diagram.read_text(encoding="utf-8").splitlines() if line.startswith("%%")
    ]
    entities: list[str] = []
    keys: list[str] = []
    found = [model for app in portal_apps() for model in apps.get_app_config(app).get_models()]
    labels = {model._meta.label for model in found}
    for model in found:
        entities += [
            f"    {model.__name__} {{",
            f'        string app "{model._meta.app_label}"',
            "    }",
        ]
        for field in model._meta.get_fields():
            related = field.related_model
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            if isinstance(related, type) and related._meta.label in labels:
                optional = "o|" if field.null else "||"
                keys.append(
                    f"    {model.__name__} }}o--{optional} {related.__name__} : {field.name}"
                )
    text = "\n".join([*header, "erDiagram", *entities, *keys]) + "\n"
    diagram.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
