"""Inline SVG bar charts for the report: no script, no style attribute (the site's CSP),
presentation attributes only, a title and a description for screen readers.

Every chart sits next to a table holding the same figures, so nothing depends on
reading the bars. A suppressed count draws no bar: its length would give the number away.
"""

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .formatting import is_suppressed, suppress

WIDTH = 640
LABEL_WIDTH = 230
BAR_AREA = 300
ROW = 26
BAR = 18
TOP = 8


def _value_text(n):
    shown = suppress(n)
    return number_format(shown, force_grouping=True) if isinstance(shown, int) else shown


def bar_chart(*, chart_id, title, description, rows):
    """`rows`: [(label, count)]. Returns safe SVG markup."""
    largest = max([n for _label, n in rows if not is_suppressed(n)] or [1])
    height = TOP * 2 + ROW * max(len(rows), 1)
    items = []
    for index, (label, n) in enumerate(rows):
        y = TOP + index * ROW
        bar = ""
        if not is_suppressed(n):
            length = max(1, round(BAR_AREA * n / largest))
            bar = format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#26374a"></rect>',
                LABEL_WIDTH,
                y,
                length,
                BAR,
            )
            text_x = LABEL_WIDTH + length + 6
        else:
            text_x = LABEL_WIDTH + 6
        items.append(
            format_html(
                '<g><text x="{}" y="{}" text-anchor="end" font-size="13" fill="#333333">{}</text>'
                '{}<text x="{}" y="{}" font-size="13" fill="#333333">{}</text></g>',
                LABEL_WIDTH - 8,
                y + BAR - 4,
                label,
                bar,
                text_x,
                y + BAR - 4,
                _value_text(n),
            )
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{items}</svg>',
        width=WIDTH,
        height=height,
        id=chart_id,
        title=title,
        desc=description,
        items=mark_safe("".join(items)),  # nosec B308 B703 # each item built with format_html
    )


def described(rows):
    """A plain-language list of the figures, for the chart's <desc>."""
    return "; ".join(f"{label}: {_value_text(n)}" for label, n in rows)
