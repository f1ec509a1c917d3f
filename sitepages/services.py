"""Writes of the page tree: moving a page keeps the tree a tree."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import SitePage
from .selectors import MAX_DEPTH


def site_page_parent_check(page: SitePage, parent: SitePage | None) -> None:
    """Refuse a parent from another consultation, the page itself or one of its own
    descendants (which would cut the branch off the tree)."""
    if parent is None:
        return
    if page.consultation_id and parent.consultation_id != page.consultation_id:
        raise ValidationError(
            _("The parent page belongs to another consultation."), code="parent_consultation"
        )
    seen = 0
    ancestor: SitePage | None = parent
    while ancestor is not None and seen <= MAX_DEPTH:
        if page.pk is not None and ancestor.pk == page.pk:
            raise ValidationError(
                _("A page cannot be placed under itself or under one of its own sub-pages."),
                code="parent_cycle",
            )
        ancestor = ancestor.parent
        seen += 1
    if seen > MAX_DEPTH:
        raise ValidationError(
            _("Pages can be nested at most %(depth)s levels deep.") % {"depth": MAX_DEPTH},
            code="parent_depth",
        )
