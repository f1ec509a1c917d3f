"""The second demo consultation: the department's Human Security pages beside the
Dialogue, imported through the paper file like any other."""

from pathlib import Path

from dialogue.models import Consultation

DEMO_SITE_PAPER = Path(__file__).with_name("human_security.yaml")


def demo_site_pages_create(current: Consultation) -> Consultation:
    """Import the program pages as a consultation of their own, leaving `current`
    the current one."""
    from dialogue.paper_io import paper_import

    return paper_import(
        DEMO_SITE_PAPER.read_text(encoding="utf-8"),
        make_current=False,
        bundle=DEMO_SITE_PAPER.parent,
    )
