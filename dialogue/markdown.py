"""Markdown to sanitised HTML. Nothing from the database reaches a page unsanitised."""

import html
import re
import unicodedata

import nh3
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


def slugify_anchor(text):
    """ASCII, lower case, hyphens: stable across renders and both languages' fonts."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


_content_parser = (
    MarkdownIt("commonmark", {"html": False})
    .enable("table")
    .use(anchors_plugin, min_level=2, max_level=4, slug_func=slugify_anchor)
)
_user_parser = MarkdownIt("commonmark", {"html": False}).disable(["heading", "lheading", "image"])


def render_content(text):
    """Staff-written Markdown: headings get stable `id` anchors."""
    html = _content_parser.render(text or "")
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
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )


def render_user_text(text):
    """Participant-written Markdown: emphasis, lists, links and quotes only."""
    html = _user_parser.render(text or "")
    return nh3.clean(
        html,
        tags=USER_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow ugc noopener",
    )


def plain_text(text):
    """Markdown reduced to text, for search documents and excerpts."""
    return html.unescape(nh3.clean(_content_parser.render(text or ""), tags=set())).strip()
