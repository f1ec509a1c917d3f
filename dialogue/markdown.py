"""Markdown to sanitised HTML. Nothing from the database reaches a page unsanitised."""

import html
import re
import unicodedata

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

CONTENT_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "h2",
    "h3",
    "h4",
    "code",
    "pre",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
USER_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "a", "code"}


def slugify_anchor(text: str) -> str:
    """ASCII, lower case, hyphens: stable across renders and both languages' fonts."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


# Ids the page frame and the chapter page already use; a heading never takes one.
RESERVED_IDS = frozenset(
    {"main", "site-nav", "skip-links", "questions", "toc-heading", "error-summary"}
)


def _heading_slug(text: str, prefix: str, reserved: frozenset[str]) -> str:
    slug = f"{prefix}{slugify_anchor(text)}"
    return f"{slug}-1" if slug in reserved else slug


def _content_parser_with(prefix: str, reserved: frozenset[str] = RESERVED_IDS) -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": False})
        .enable("table")
        .use(
            anchors_plugin,
            min_level=2,
            max_level=4,
            slug_func=lambda text: _heading_slug(text, prefix, reserved),
        )
    )


_content_parser = _content_parser_with("")
# markdown-it writes a column's alignment as an inline style, which the site's CSP
# refuses; a class from a fixed set carries it instead.
_ALIGN_STYLE = re.compile(r'<(th|td) style="text-align:(left|center|right)">')
ALIGN_CLASSES = {"align-left", "align-center", "align-right"}
_user_parser = MarkdownIt("commonmark", {"html": False}).disable(["heading", "lheading", "image"])


def render_content(
    text: str | None, *, anchor_prefix: str = "", reserved: frozenset[str] = frozenset()
) -> str:
    """Staff-written Markdown: headings get stable `id` anchors, unique within one
    render and never one of the page's own ids (RESERVED_IDS, `reserved`);
    `anchor_prefix` keeps them apart from other bodies on the same page (sections)."""
    if anchor_prefix or reserved:
        parser = _content_parser_with(anchor_prefix, RESERVED_IDS | reserved)
    else:
        parser = _content_parser
    html = _ALIGN_STYLE.sub(r'<\1 class="align-\2">', parser.render(text or ""))
    return nh3.clean(
        html,
        tags=CONTENT_TAGS,
        attributes={
            "a": {"href", "title"},
            "h2": {"id"},
            "h3": {"id"},
            "h4": {"id"},
            "th": {"scope"},
        },
        allowed_classes={"th": ALIGN_CLASSES, "td": ALIGN_CLASSES},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )


def render_user_text(text: str | None) -> str:
    """Participant-written Markdown: emphasis, lists, links and quotes only."""
    html = _user_parser.render(text or "")
    return nh3.clean(
        html,
        tags=USER_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow ugc noopener",
    )


def plain_text(text: str | None) -> str:
    """Markdown reduced to text, for search documents and excerpts."""
    return html.unescape(nh3.clean(_content_parser.render(text or ""), tags=set())).strip()


def markdown_images_refuse(text: str | None) -> None:
    """Raise a ValidationError naming each Markdown image in `text`.

    The site has no image store or list of allowed origins, and the sanitiser would
    drop an image with its alt text; refusing it where it is written (the admin, the
    paper import) beats letting it vanish from the page.
    """
    images = [
        child
        for token in _content_parser.parse(text or "")
        for child in (token.children or [])
        if child.type == "image"
    ]
    if images:
        listed = ", ".join(f"![{image.content}]({image.attrs.get('src', '')})" for image in images)
        raise ValidationError(
            _(
                "Images cannot be shown on the site; remove %(images)s or replace each "
                "with a link and a description in the text."
            )
            % {"images": listed},
            code="image",
        )
