"""The forum's share of the paper file: the `boards:` list."""

from django.utils.translation import gettext as _

from dialogue.paper_io import PaperError, PaperPart, both, paper_part_register, translated

from .models import Board


def import_boards(consultation, items, chapters):
    kept = []
    for position, item in enumerate(items, start=1):
        fields = {
            **translated(item, "slug"),
            **translated(item, "title"),
            **translated(item, "description", required=False),
        }
        chapter_slug = item.get("chapter")
        if chapter_slug and chapter_slug not in chapters:
            raise PaperError(
                _("the chapter “%(slug)s” does not exist.") % {"slug": chapter_slug}, item.line
            )
        board, _created = Board.objects.update_or_create(
            consultation=consultation,
            slug_en=fields["slug_en"],
            defaults={**fields, "order": position, "chapter": chapters.get(chapter_slug)},
        )
        kept.append(board.pk)
    leftover = Board.objects.filter(consultation=consultation).exclude(pk__in=kept)
    if leftover.filter(threads__isnull=False).exists():
        raise PaperError(_("a board that has threads is missing from the file; keep it."))
    leftover.delete()


def export_boards(consultation):
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
