"""The forum's share of the paper file: the `boards:` list."""

from typing import Any

from django.utils.translation import gettext as _

from dialogue.models import Chapter, Consultation
from dialogue.paper_io import (
    LineDict,
    PaperError,
    PaperPart,
    both,
    keys_check,
    paper_part_register,
    plain,
    translated,
    unique_check,
)

from .models import Board

BOARD_KEYS = ("slug", "title", "description", "chapter")


def import_boards(
    consultation: Consultation, items: list[LineDict], chapters: dict[str, Chapter]
) -> None:
    kept: list[int] = []
    slugs: dict[str, dict[str, int | None]] = {}
    for position, item in enumerate(items, start=1):
        keys_check(item, BOARD_KEYS)
        fields = {
            **translated(item, "slug", model=Board),
            **translated(item, "title", model=Board),
            **translated(item, "description", required=False, model=Board),
        }
        unique_check(slugs, fields, "slug", item.line_of("slug"))
        chapter_slug = plain(item, "chapter", required=False)
        if chapter_slug and chapter_slug not in chapters:
            raise PaperError(
                _("the chapter “%(slug)s” does not exist.") % {"slug": chapter_slug},
                item.line_of("chapter"),
            )
        board, _created = Board.objects.update_or_create(
            consultation=consultation,
            slug_en=fields["slug_en"],
            defaults={
                **fields,
                "order": position,
                "chapter": chapters.get(chapter_slug) if chapter_slug else None,
            },
        )
        kept.append(board.pk)
    leftover = Board.objects.filter(consultation=consultation).exclude(pk__in=kept)
    with_threads = leftover.filter(threads__isnull=False).first()
    if with_threads is not None:
        raise PaperError(
            _("the board “%(slug)s” has threads but is no longer in the file; keep it.")
            % {"slug": with_threads.slug_en}
        )
    leftover.delete()


def export_boards(consultation: Consultation) -> list[dict[str, Any]]:
    return [
        {
            "slug": both(board, "slug"),
            "title": both(board, "title"),
            "description": both(board, "description"),
            **({"chapter": board.chapter.slug_en} if board.chapter else {}),
        }
        for board in Board.objects.filter(consultation=consultation).select_related("chapter")
    ]


paper_part_register(PaperPart(top_key="boards", import_top=import_boards, export_top=export_boards))
