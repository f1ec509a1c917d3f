"""Render a partial once per page, then stamp it for each row of a long list.

A list page whose rows share most of their markup (the moderation queue's three
forms per item, fifty items a page) spends most of its time in the template engine,
whose cost is per tag and per row. A `Stamp` renders the partial once, with a marker
where each row value goes, and fills in a row's escaped values in one pass over the
text, so a value is never read again as a marker. Values reach the partial only
through `row.<name>`, untouched by filters; they are escaped unless marked safe
(HTML the caller built with `format_html`).
"""

import re
from collections.abc import Iterable
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

# The record separator: `escape` leaves it alone and no page text holds it.
_MARKER = "\x1e{}\x1e"
_SLOT = re.compile("\x1e([a-z_]+)\x1e")


class Stamp:
    def __init__(
        self,
        template_name: str,
        context: dict[str, Any],
        slots: Iterable[str],
    ) -> None:
        # Without the request: the page's context processors have already run once.
        markers = {slot: _MARKER.format(slot) for slot in slots}
        self.text = render_to_string(template_name, {**context, "row": markers})
        self.slots = frozenset(markers)

    def __call__(self, **values: Any) -> SafeString:
        if values.keys() != self.slots:
            raise ValueError(f"a stamp needs exactly {sorted(self.slots)}")
        escaped = {name: conditional_escape(value) for name, value in values.items()}
        text = _SLOT.sub(lambda match: escaped[match.group(1)], self.text)
        return mark_safe(text)  # nosec B308 B703 # values escaped above, the rest is the template's
