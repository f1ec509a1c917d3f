"""One form-field partial: templates/includes/field.html. The label, hint, errors and
the widget's aria-describedby are written there and nowhere else in the site's, the
accounts' and the forum's templates."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.template.loader import render_to_string

PARTIAL = Path("templates/includes/field.html")
SUMMARY = Path("templates/includes/form_errors.html")
# Markup that belongs to the one partial only.
FIELD_MARKUP = ("as_field_group", "errorlist", "_helptext", "field.errors")


def _templates(*folders: str) -> list[Path]:
    root = Path(settings.BASE_DIR)
    return sorted(
        path.relative_to(root) for folder in folders for path in (root / folder).rglob("*.html")
    )


def second_partials(paths: list[Path]) -> list[str]:
    root = Path(settings.BASE_DIR)
    return [
        f"{path}: {marker}"
        for path in paths
        if path not in (PARTIAL, SUMMARY)
        for marker in FIELD_MARKUP
        if marker in (root / path).read_text(encoding="utf-8")
    ]


def test_accounts_forum_and_site_templates_render_fields_through_the_one_partial() -> None:
    assert second_partials(_templates("templates", "accounts/templates", "forum/templates")) == []


def test_no_template_hands_a_field_to_djangos_own_field_group() -> None:
    assert [
        path
        for path in _templates(".")
        if ".venv" not in path.parts and "as_field_group" in path.read_text(encoding="utf-8")
    ] == []


def test_the_checker_finds_a_second_partial(tmp_path: Path) -> None:
    copy = tmp_path / "_field.html"
    copy.write_text(
        '<ul class="errorlist" id="{{ field.auto_id }}_error">{{ field.errors }}</ul>',
        encoding="utf-8",
    )
    assert second_partials([copy, PARTIAL]) == [
        f"{copy}: errorlist",
        f"{copy}: field.errors",
    ]


class _Form(forms.Form):
    name = forms.CharField(help_text="As shown to others.")
    choice = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


def test_the_partial_ties_hint_and_errors_to_the_widget_with_djangos_ids() -> None:
    form = _Form(data={})
    assert not form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["name"]})
    assert 'id="id_name_helptext"' in html and 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html and '<label for="id_name">' in html
    group = render_to_string("includes/field.html", {"field": form["choice"]})
    assert '<fieldset class="field field-error" aria-describedby="id_choice_error">' in group
    assert "<legend>" in group and 'id="id_choice_error"' in group
