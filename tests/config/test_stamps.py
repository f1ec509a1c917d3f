import pytest
from django.utils.html import format_html

from config.stamps import Stamp


@pytest.fixture
def stamp(tmp_path, settings):
    (tmp_path / "row.html").write_text(
        '<p id="{{ row.key }}" title="{{ label }}">{{ row.text }}{% if shape %}!{% endif %}</p>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0].get("DIRS", [])]}
    ]
    return Stamp("row.html", {"label": "<b>", "shape": True}, ("key", "text"))


def test_each_row_gets_its_own_values_in_the_page_rendering(stamp):
    assert stamp(key="a-1", text="one") == '<p id="a-1" title="&lt;b&gt;">one!</p>'
    assert stamp(key="a-2", text="two") == '<p id="a-2" title="&lt;b&gt;">two!</p>'


def test_values_are_escaped_unless_built_as_html(stamp):
    assert stamp(key="x", text="<script>") == '<p id="x" title="&lt;b&gt;">&lt;script&gt;!</p>'
    assert stamp(key="x", text=format_html("<em>{}</em>", "<i>")) == (
        '<p id="x" title="&lt;b&gt;"><em>&lt;i&gt;</em>!</p>'
    )


def test_a_value_is_never_read_again_as_a_marker(stamp):
    # The first value holds the second slot's marker: it stays as written.
    assert stamp(key="\x1etext\x1e", text="two").startswith('<p id="\x1etext\x1e"')


def test_every_slot_and_only_those_must_be_given(stamp):
    with pytest.raises(ValueError, match="needs exactly"):
        stamp(key="x")
    with pytest.raises(ValueError, match="needs exactly"):
        stamp(key="x", text="y", other="z")
