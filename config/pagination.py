"""Paging long lists so that the last page costs about what the first one does.

`Paginator` slices the full query: PostgreSQL then reads, and sorts or fetches, every
row before the OFFSET with all its columns (the bodies of thousands of answers for a
deep page). `IdPaginator` finds the page's primary keys first, a walk along an index
that holds them (an index-only scan), and then loads the 20 rows it shows. The total,
which every page prints, is counted once per content generation (config/generation.py)
rather than on every request.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.utils.functional import cached_property

from .generation import COUNTS_SECONDS, cached_for_generation


class IdPaginator(Paginator):
    """A Paginator over an ordered queryset whose ordering ends with a unique column.

    `count_key` names the list for the cached count (include every filter in it);
    without one the count is computed on each request.
    """

    def __init__(
        self,
        object_list: QuerySet[Any],
        per_page: int,
        *,
        count_key: str = "",
        orphans: int = 0,
        allow_empty_first_page: bool = True,
    ) -> None:
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        # The same queryset as `object_list`, kept under its own type: the stubs type
        # `object_list` as any sliceable sequence.
        self.queryset: QuerySet[Any] = object_list
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        counter: Callable[[], int] = self.queryset.order_by().count
        if self.count_key:
            return cached_for_generation(f"count:{self.count_key}", counter, COUNTS_SECONDS)
        return counter()

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.queryset.values_list("pk", flat=True)[bottom:top])
        rows: dict[Any, Model] = {row.pk: row for row in self.queryset.filter(pk__in=ids)}
        objects: Sequence[Model] = [rows[pk] for pk in ids if pk in rows]
        return Page(objects, number, self)
