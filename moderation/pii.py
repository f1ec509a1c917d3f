"""Spot e-mail addresses and phone numbers in participants' text and mask them.

The one place that decides what personal information looks like and how it is
masked; every output of participants' words goes through it (pages, quotes, feeds,
search, e-mails, the report and its data files), and the moderators' warning
(`pii_found`) uses the same patterns.

Masking works on what a reader sees, not on what was typed: Markdown escapes
(`name\\@example.com`), HTML entities (`&#64;`), emphasis inside an address
(`bob@*example*.com`), invisible characters and look-alike symbols are resolved
before matching. Three entry points, by kind of input:

* `pii_mask_html(html)`: sanitised HTML (rendered Markdown). The text nodes are read
  as one text (an address split by `<em>` is still found); tags stay, and a link
  whose address holds personal information loses its `href`.
* `pii_mask(text)`: plain text, or Markdown source where it is the only form there
  is (data files, titles, display names); escapes and entities are resolved.
* `pii_render(source)` / `pii_plain(source)`: participant Markdown rendered and
  masked, as HTML for pages and feeds, as plain text for quotes, search and e-mails.
"""

import html
import re
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from dialogue.markdown import plain_text, render_user_text

# What a reader cannot see but a pattern would trip on: soft hyphen, zero-width
# characters, and the search highlight markers (kept in place, see `_KEEP`).
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u0002\u0003")
# Markdown emphasis and code markers: `bob@*example*.com` reads as an address.
_MARKERS = frozenset("*_`~")
# Characters that survive inside a masked stretch: highlight markers must stay paired.
_KEEP = frozenset("\u0002\u0003")
# Look-alikes read as their ASCII twin, one character for one.
_LOOKALIKES = str.maketrans(
    {
        "\uff20": "@",  # fullwidth commercial at
        "\ufe6b": "@",  # small commercial at
        "\uff0e": ".",  # fullwidth full stop
        "\u3002": ".",  # ideographic full stop
        "\u2024": ".",  # one dot leader
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\uff0d": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
        "\uff08": "(",
        "\uff09": ")",
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
    }
)
# Between two blocks (paragraphs, list items): a match never crosses it.
_BLOCK_BREAK = "\x00"
_BLOCK_TAGS = frozenset(
    [
        "p",
        "br",
        "li",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "td",
        "th",
        "div",
    ]
)

_LOCAL = r"[\w.+%'-]+"
_AT = r"(?:\s*@\s*|\s*[\[({<]\s*(?:at|arobase)\s*[\])}>]\s*)"
_DOT = r"(?:\.|\s*[\[({<]\s*(?:dot|point)\s*[\])}>]\s*|\s+(?:dot|point)\s+)"
_LABEL = r"[\w-]+"
_TLD = r"[^\W\d_]{2,}"
EMAIL = re.compile(
    # bob@example.com, bob @ example.com, bob [at] example [dot] com
    rf"{_LOCAL}{_AT}{_LABEL}(?:{_DOT}{_LABEL})*?{_DOT}{_TLD}(?![\w-])"
    # bob at example dot com, bob arobase exemple point ca
    rf"|{_LOCAL}\s+at\s+{_LABEL}(?:\s+dot\s+{_LABEL})*\s+dot\s+{_TLD}(?![\w-])"
    rf"|{_LOCAL}\s+arobase\s+{_LABEL}(?:\s+point\s+{_LABEL})*\s+point\s+{_TLD}(?![\w-])",
    re.IGNORECASE,
)
_SEP = r"[ .\-/]{0,3}"
PHONE = re.compile(
    # North American: 613-555-0188, (613) 555-0188, 1 613 555 0188, +1.613.555.0188
    rf"(?<![\w+])(?:\+\s?1{_SEP}|1[ .\-/]{{1,3}})?(?:\(\s?\d{{3}}\s?\)|\d{{3}}){_SEP}\d{{3}}{_SEP}\d{{4}}(?!\w)"
    # International with + or 00, at least eight digits: +33 (0)1 23 45 67 89, 0044 20 7946 0958
    rf"|(?<![\w+])(?:\+\s?|00)(?=(?:\D{{0,4}}\d){{8}})\d{{1,3}}(?:{_SEP}(?:\(\s?0\s?\)|\d{{1,4}})){{2,7}}(?!\w)"
    # French national numbers: 01 23 45 67 89, 06.12.34.56.78
    r"|(?<![\w+])0[1-9](?:[ .\-]?\d{2}){4}(?!\w)"
    # Digits spaced out one by one: 6 1 3 5 5 5 0 1 8 8
    r"|(?<![\w+])\d(?:[ .\-]\d){9,14}(?!\w)"
)
# Cheap first look: text without any of these cannot hold an address or a number
# (an at sign, an entity or escape that could hide one, a bracketed or spelt "at",
# or eight digits close together). Most texts stop here, before any parsing.
_MAYBE = re.compile(
    r"[@\uff20\ufe6b]|&[#a-z]|[\[({<]\s*(?:at|arobase)\b|\b(?:at|arobase)\s+\S+\s+(?:dot|point)\b"
    r"|\d(?:\D{0,12}\d){7}",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

EMAIL_MASK = gettext_lazy("[e-mail removed]")
PHONE_MASK = gettext_lazy("[phone number removed]")


@dataclass(frozen=True)
class _Origin:
    """Where one character of the text that is matched came from: a stretch of a piece."""

    piece: int
    start: int
    end: int


class _Reading:
    """Text as a reader sees it, built from pieces, each character tracing back to its source."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.origins: list[_Origin | None] = []

    def add_text(self, piece: int, text: str, *, resolve_source: bool) -> None:
        """Read `text` (piece number `piece`). `resolve_source` also resolves Markdown
        escapes and HTML entities, for text that has not been rendered."""
        i, length = 0, len(text)
        while i < length:
            char = text[i]
            if resolve_source and char == "\\" and text[i + 1 : i + 2] in _ASCII_PUNCTUATION:
                i += 1  # a Markdown escape: the next character is read as it renders
                continue
            if resolve_source and char == "&":
                entity = _ENTITY.match(text, i)
                if entity:
                    for decoded in html.unescape(entity.group(0)):
                        self._add(decoded, _Origin(piece, i, entity.end()))
                    i = entity.end()
                    continue
            self._add(char, _Origin(piece, i, i + 1))
            i += 1

    def _add(self, char: str, origin: _Origin) -> None:
        if char in _INVISIBLE or char in _MARKERS:
            return
        self.chars.append(char.translate(_LOOKALIKES))
        self.origins.append(origin)

    def add_break(self) -> None:
        self.chars.append(_BLOCK_BREAK)
        self.origins.append(None)

    def text(self) -> str:
        return "".join(self.chars)

    def edits(self, text_pieces: frozenset[int]) -> dict[int, list[tuple[int, int | None, str]]]:
        """{piece: [(start, end or None for "to the end", replacement)]}: what to change in
        each of `text_pieces` so that no address or number is left."""
        edits: dict[int, list[tuple[int, int | None, str]]] = {}
        for start, end, mask in _found_spans(self.text()):
            origins = [o for o in self.origins[start:end] if o is not None]
            first, last = origins[0], origins[-1]
            # The notice goes where the match starts; the rest of the match is removed
            # from every text piece it spans (the tags in between stay).
            for piece in range(first.piece, last.piece + 1):
                if piece not in text_pieces:
                    continue
                edits.setdefault(piece, []).append(
                    (
                        first.start if piece == first.piece else 0,
                        last.end if piece == last.piece else None,
                        str(mask) if piece == first.piece else "",
                    )
                )
        return edits


def _found_spans(reading: str) -> list[tuple[int, int, object]]:
    """Where `reading` shows an address or a number: (start, end, notice), addresses
    first, numbers that overlap no address after."""
    found: list[tuple[int, int, object]] = [
        (m.start(), m.end(), EMAIL_MASK) for m in EMAIL.finditer(reading)
    ]
    taken = [(start, end) for start, end, _mask in found]
    for match in PHONE.finditer(reading):
        if not any(start < match.end() and match.start() < end for start, end in taken):
            found.append((match.start(), match.end(), PHONE_MASK))
    return found


# A text without escapes, entities, invisible characters or emphasis markers reads
# character for character as typed (look-alikes map one to one): it is matched as it
# is, without building a `_Reading`. Most texts that reach the patterns are such.
_READ_AS_TYPED = re.compile("[" + re.escape("\\&" + "".join(_INVISIBLE | _MARKERS)) + "]")


def _apply(text: str, edits: list[tuple[int, int | None, str]]) -> str:
    """`text` with each stretch replaced (last first, so offsets hold); characters of
    `_KEEP` inside a stretch stay, after the replacement."""
    for start, end, replacement in sorted(edits, key=lambda edit: edit[0], reverse=True):
        stop = len(text) if end is None else end
        kept = "".join(char for char in text[start:stop] if char in _KEEP)
        text = text[:start] + replacement + kept + text[stop:]
    return text


def _could_hold(text: str) -> bool:
    return bool(_MAYBE.search(text))


def _masks_in(language: str | None) -> AbstractContextManager[object]:
    """The notices are written in the text's own language when it is known."""
    return translation.override(language) if language else nullcontext()


def pii_mask(text: str | None, language: str | None = None) -> str:
    """`text` (plain text or Markdown source) with e-mail addresses and phone numbers
    replaced by a notice written in `language` (the text's own language, when known)
    or else the active language."""
    text = text or ""
    if not _could_hold(text):
        return text
    if not _READ_AS_TYPED.search(text):
        found = _found_spans(text.translate(_LOOKALIKES))
        if not found:
            return text
        with _masks_in(language):
            return _apply(text, [(start, end, str(mask)) for start, end, mask in found])
    reading = _Reading()
    reading.add_text(0, text, resolve_source=True)
    with _masks_in(language):
        edits = reading.edits(frozenset({0}))
    return _apply(text, edits[0]) if edits else text


class _HtmlPieces(HTMLParser):
    """Sanitised HTML cut into tags (kept as written) and text nodes (decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.is_text: list[bool] = []
        self.breaks_before: list[bool] = []

    def _tag(self, raw: str, name: str) -> None:
        self.pieces.append(raw)
        self.is_text.append(False)
        self.breaks_before.append(name in _BLOCK_TAGS)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        if any(value and _found_in(value) for _name, value in attrs):
            # A link to an address or number keeps its text (masked) but loses its target.
            kept = "".join(
                f' {name}="{html.escape(value or "")}"'
                for name, value in attrs
                if not (value and _found_in(value))
            )
            raw = f"<{tag}{kept}>"
        self._tag(raw, tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(self.get_starttag_text() or "", tag)

    def handle_endtag(self, tag: str) -> None:
        self._tag(f"</{tag}>", tag)

    def handle_data(self, data: str) -> None:
        self.pieces.append(data)
        self.is_text.append(True)
        self.breaks_before.append(False)

    def text_pieces(self) -> frozenset[int]:
        return frozenset(index for index, is_text in enumerate(self.is_text) if is_text)

    def reading(self) -> "_Reading":
        """The text nodes read as one text, with a break between blocks."""
        reading = _Reading()
        for index, piece in enumerate(self.pieces):
            if self.breaks_before[index]:
                reading.add_break()
            if self.is_text[index]:
                reading.add_text(index, piece, resolve_source=False)
        return reading


def pii_mask_html(value: str | None, language: str | None = None) -> SafeString:
    """Sanitised HTML `value` with personal information masked in what it shows.

    The caller vouches that `value` is sanitised (nh3): the result is marked safe.
    """
    value = value or ""
    if not _could_hold(value):
        return mark_safe(value)  # nosec B308 B703 # nh3-sanitised by the caller, unchanged
    parser = _HtmlPieces()
    parser.feed(value)
    parser.close()
    reading = parser.reading()
    with _masks_in(language):
        edits = reading.edits(parser.text_pieces())
    out = []
    for index, piece in enumerate(parser.pieces):
        if parser.is_text[index]:
            out.append(html.escape(_apply(piece, edits.get(index, [])), quote=False))
        else:
            out.append(piece)
    return mark_safe("".join(out))  # nosec B308 B703 # tags as nh3 left them, text re-escaped


def pii_render(source: str | None, language: str | None = None) -> SafeString:
    """Participant Markdown as readers see it: rendered, sanitised, masked."""
    return pii_mask_html(render_user_text(source or ""), language)


def pii_plain(source: str | None, language: str | None = None) -> str:
    """Participant Markdown as plain text, masked: for quotes, search and e-mails."""
    return pii_mask(plain_text(source or ""), language)


def pii_found(text: str | None) -> bool:
    """True when `text` (as typed, or as it renders) shows an e-mail address or a phone
    number: the moderators' warning."""
    text = text or ""
    if not _could_hold(text):
        return False
    if _found_in(text):
        return True
    rendered = _HtmlPieces()
    rendered.feed(render_user_text(text))
    rendered.close()
    return _matches(rendered.reading().text())


def _found_in(text: str) -> bool:
    reading = _Reading()
    reading.add_text(0, text, resolve_source=True)
    return _matches(reading.text())


def _matches(reading: str) -> bool:
    return bool(EMAIL.search(reading) or PHONE.search(reading))
