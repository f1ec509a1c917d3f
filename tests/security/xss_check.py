"""Is there live markup in a page? A parser-level check, independent of the sanitiser."""

import html
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

# Elements the portal never emits from anyone's text; the site's own scripts and
# styles are files under /static/ (the CSP allows nothing inline).
# Elements that run or load something whatever their attributes. The site's own
# scripts and style sheets are files under /static/ (the CSP allows nothing inline).
ALWAYS_FORBIDDEN = {"script", "iframe", "frame", "object", "embed", "base", "style", "link", "meta"}
# Elements no one's text should produce, though harmless without a handler or URL
# (those are checked on their own); a whole page has its own forms, icons and charts.
FOREIGN_ELEMENTS = {
    "svg",
    "math",
    "img",
    "video",
    "audio",
    "source",
    "marquee",
    "details",
    "input",
    "select",
    "textarea",
    "button",
    "form",
    "noscript",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "content"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:text/javascript")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))

    handle_startendtag = handle_starttag


def _squeezed(value: str) -> str:
    """The URL as a browser reads it: entities decoded, spaces and controls dropped."""
    value = html.unescape(value)
    return "".join(ch for ch in value if ch.isprintable() and not ch.isspace()).lower()


def live_markup(fragment: str, *, allow_site_markup: bool = False) -> list[str]:
    """Everything in `fragment` that could run script.

    With `allow_site_markup`, the page's own furniture passes: scripts and style
    sheets from /static/, its forms (search, sign-out, answer forms) and inputs.
    """
    collector = _Collector()
    collector.feed(fragment)
    collector.close()
    problems = []
    for tag, attrs in collector.found:
        values = dict(attrs)
        if tag in ALWAYS_FORBIDDEN:
            reference = values.get("src") or values.get("href") or ""
            own = allow_site_markup and (
                (tag in {"script", "link"} and reference.startswith("/static/"))
                or (tag == "link" and values.get("rel") in {"alternate", "canonical", "icon"})
                or (tag == "meta" and "http-equiv" not in values)
            )
            if not own:
                problems.append(f"<{tag}>")
        elif tag in FOREIGN_ELEMENTS and not allow_site_markup:
            problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                problems.append(f"<{tag} {name}=…>")
            if name == "style":
                problems.append(f"<{tag} style=…>")
            if name in URL_ATTRIBUTES and value and _squeezed(value).startswith(DANGEROUS_SCHEMES):
                problems.append(f"<{tag} {name}={value!r}>")
            if tag == "meta" and name == "http-equiv" and (value or "").lower() == "refresh":
                problems.append("<meta http-equiv=refresh>")
    return problems


def main_region(page: str) -> str:
    match = re.search(r'<main id="main".*?</main>', page, re.S)
    assert match, "the page has no <main id=main>"
    return match.group(0)


def feed_problems(xml: str) -> list[str]:
    """A feed reader renders each entry's HTML content: that HTML must be inert."""
    problems = []
    root = ElementTree.fromstring(xml.encode())  # noqa: S314 - the portal's own feed
    for element in root.iter():
        if element.tag.endswith(("content", "summary")) and element.get("type", "html") == "html":
            problems += live_markup(element.text or "")
    return problems
