"""The report as a document: HTML in one language, and the PDF made from that same HTML."""

import datetime
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from accounts.models import AgeRange, Province, RespondentType
from dialogue.markdown import render_content
from moderation.pii import pii_mask, pii_render
from questions.coding import coding_report_sections

from .charts import bar_chart, described
from .formatting import SUPPRESSION_THRESHOLD
from .suppression import protected_figures

BODY_START = "<!-- report-body -->"
BODY_END = "<!-- /report-body -->"
PDF_BASE_URL = "https://report.invalid/"
# Quotes are marked in the stored HTML so the published page can drop, when it
# renders, the quote of an answer that has left public view. User text is escaped,
# so these comments can only come from the template.
QUOTE = re.compile(r"<!-- quote (\d+) -->.*?<!-- /quote -->", re.DOTALL)
QUOTES_BLOCK = re.compile(r"<!-- quotes -->(.*?)<!-- /quotes -->", re.DOTALL)


def _label(choices, key):
    if not key:
        return gettext("Not stated")
    try:
        return str(choices(key).label)
    except ValueError:
        return key


def _language_label(code):
    return {"en": gettext("English"), "fr": gettext("French")}.get(code, code)


def _rows(counts, choices):
    """[(label, n)] in the order of the choices, "not stated" last."""
    order = {key: index for index, key in enumerate(choices.values)}
    keys = sorted(counts, key=lambda key: (key == "", order.get(key, len(order)), key))
    return [(_label(choices, key), counts[key]) for key in keys]


def week_label(key: str) -> str:
    """ "2026-W47" as readers say it: "week of 16 November 2026", « semaine du 16 novembre 2026 »."""
    try:
        year, week = key.split("-W")
        monday = datetime.date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return key
    day = date_format(monday, "j F Y")
    if monday.day == 1 and translation.get_language() == "fr":
        day = "1er" + day[1:]  # « semaine du 1er décembre 2026 »
    return gettext("week of %(date)s") % {"date": day}


def _translated(record, field, language):
    other = "fr" if language == "en" else "en"
    return record.get(f"{field}_{language}") or record.get(f"{field}_{other}") or ""


def _markdown(text: str, prefix: str) -> SafeString:
    """Staff-written Markdown, sanitised, its heading anchors kept apart by `prefix`."""
    return mark_safe(render_content(text, anchor_prefix=prefix)) if text else SafeString("")  # nosec B308 B703 # sanitised by render_content


def _open_data_links(consultation: Any) -> list[dict[str, str]]:
    labels = {
        "answers-csv": gettext("Published answers (CSV)"),
        "answers-jsonl": gettext("Published answers (JSON Lines)"),
        "data-dictionary": gettext("Data dictionary (CSV)"),
        "aggregates-csv": gettext("Counts in this report (CSV)"),
    }
    return [
        {
            "label": label,
            "url": settings.SITE_URL
            + reverse(
                "reports:consultation_download", kwargs={"slug": consultation.slug, "kind": kind}
            ),
        }
        for kind, label in labels.items()
    ]


def _twin(consultation: Any, language: str) -> dict[str, str]:
    """The report in the other language, for the cover's line written in that language
    ("Également offert en français" on the English cover)."""
    other = "fr" if language == "en" else "en"
    with translation.override(other):
        url = settings.SITE_URL + reverse(
            "reports:consultation_report", kwargs={"slug": consultation.slug}
        )
        label = (
            gettext("Also available in French")
            if other == "fr"
            else gettext("Also available in English")
        )
    return {"language": other, "url": url, "label": label}


def report_context(
    *,
    run: Any,
    language: str,
    questions: list[Any],
    figures: dict[str, Any],
    parts: dict[int, dict[str, Any]],
    texts: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The template context of the report in the active language.

    `questions`: Question rows with their chapter; `parts`: {question_id: part data};
    `texts`: the authored parts in `language` (`authored.texts_for_report`).
    """
    texts = texts or {}
    figures = protected_figures(figures, questions)
    intros: dict[int, str] = texts.get("questions", {})
    weeks = [(week_label(key), n) for key, n in figures["by_week"].items()]
    provinces = _rows(figures["by_province"], Province)
    ages = _rows(figures["by_age_range"], AgeRange)
    types = _rows(figures["by_respondent_type"], RespondentType)
    languages = [(_language_label(code), n) for code, n in sorted(figures["by_language"].items())]

    chapters: list[dict[str, Any]] = []
    for question in questions:
        chapter = question.chapter
        if not chapters or chapters[-1]["id"] != chapter.pk:
            chapters.append(
                {
                    "id": chapter.pk,
                    "order": chapter.order,
                    "title": _translated(vars(chapter), "title", language),
                    "answers": figures["by_chapter"].get(str(chapter.pk), 0),
                    "questions": [],
                }
            )
        part = parts.get(question.pk, {})
        by_language = figures["by_question_language"].get(str(question.pk), {})
        chapters[-1]["questions"].append(
            {
                "id": question.pk,
                "text": _translated(vars(question), "text", language),
                "intro": _markdown(intros.get(question.pk, ""), f"question-{question.pk}-"),
                "answers": figures["by_question"].get(str(question.pk), 0),
                "by_language": [
                    (_language_label(code), by_language.get(code, 0)) for code in ("en", "fr")
                ],
                "terms": [
                    {
                        "language": code,
                        "label": _language_label(code),
                        "terms": part.get("terms", {}).get(code, []),
                        "phrases": part.get("phrases", {}).get(code, []),
                    }
                    for code in ("en", "fr")
                ],
                "quotes": [
                    {
                        "id": quote["id"],
                        "language": quote["language"],
                        # Rendered as View Answers renders it, never shown as raw Markdown.
                        "text": pii_render(quote["body"], quote["language"]),
                        "by": pii_mask(quote["display_name"]) or gettext("Anonymous"),
                    }
                    for quote in part.get("quotes", [])
                ],
            }
        )

    forum = figures["forum"]
    authored = {
        "foreword": _markdown(texts.get("foreword", ""), "foreword-"),
        "signature": texts.get("signature", ""),
        "summary": _markdown(texts.get("summary", ""), "summary-"),
        "method": _markdown(texts.get("method", ""), "method-"),
        "next_steps": _markdown(texts.get("next-steps", ""), "next-steps-"),
    }
    contents = [
        ("report-foreword", gettext("Foreword")) if authored["foreword"] else None,
        ("report-summary", gettext("Executive summary")) if authored["summary"] else None,
        ("report-overview", gettext("Who took part")),
        ("report-method", gettext("Method and limits")),
        ("report-questions", gettext("What we heard")),
        ("report-forum", gettext("Discussion Forum")),
        ("report-next-steps", gettext("Next steps")) if authored["next_steps"] else None,
        ("report-annex", gettext("Annex: open data")),
    ]
    consultation = run.consultation
    return {
        "texts": authored,
        "contents": [item for item in contents if item],
        "open_data": _open_data_links(consultation),
        "twin": _twin(consultation, language),
        "opens_at": timezone.localtime(consultation.opens_at),
        "closes_at": timezone.localtime(consultation.closes_at),
        "body_start": BODY_START,
        "body_end": BODY_END,
        "language": language,
        "run": run,
        "consultation_title": run.consultation.title,
        "department_name": (
            settings.DEPARTMENT_NAME_FR if language == "fr" else settings.DEPARTMENT_NAME_EN
        ),
        "generated_at": timezone.localtime(run.started_at or timezone.now()),
        "cutoff": timezone.localtime(run.cutoff),
        "totals": figures["totals"],
        "chapters": chapters,
        "coding": coding_report_sections(
            figures.get("coding"),
            questions=[(q["id"], q["text"]) for chapter in chapters for q in chapter["questions"]],
            language=language,
            threshold=SUPPRESSION_THRESHOLD,
        ),
        "provinces": provinces,
        "ages": ages,
        "types": types,
        "languages": languages,
        "weeks": weeks,
        "forum": {
            **forum,
            "boards": [
                {**board, "title": _translated(board, "title", language)}
                for board in forum["boards"]
            ],
            "most_discussed": [
                {**thread, "title": pii_mask(thread["title"])} for thread in forum["most_discussed"]
            ],
        },
        "chart_weeks": bar_chart(
            chart_id="chart-weeks",
            title=gettext("Published answers by week"),
            description=described(weeks),
            rows=weeks,
        ),
        "chart_provinces": bar_chart(
            chart_id="chart-provinces",
            title=gettext("Participants by province or territory"),
            description=described(provinces),
            rows=provinces,
        ),
        "chart_languages": bar_chart(
            chart_id="chart-languages",
            title=gettext("Published answers by language"),
            description=described(languages),
            rows=languages,
        ),
    }


def report_html(**kwargs: Any) -> str:
    language = kwargs["language"]
    with translation.override(language):
        return render_to_string("reports/report_document.html", report_context(**kwargs))


def report_body(html: str) -> str:
    """The part of a stored report shown inside the site's own page (after its h1)."""
    start = html.find(BODY_START)
    end = html.find(BODY_END)
    if start < 0 or end < start:
        return ""
    return html[start + len(BODY_START) : end]


def quote_ids(html: str) -> list[int]:
    """The answers quoted in a stored report body, in order."""
    return [int(match[1]) for match in QUOTE.finditer(html)]


def quotes_keep(html: str, keep: Collection[int]) -> str:
    """`html` without the quotes of answers not in `keep`, and without emptied quote blocks."""
    html = QUOTE.sub(lambda match: match[0] if int(match[1]) in keep else "", html)
    return QUOTES_BLOCK.sub(lambda match: match[0] if QUOTE.search(match[1]) else "", html)


def static_file(name: str) -> Path | None:
    """The file served for the static `name`: the collected copy (in production its
    name carries the manifest's hash, which only the collected folder has), else the
    app's own (development)."""
    try:
        collected = Path(staticfiles_storage.path(name))
    except NotImplementedError:  # a storage without local files
        collected = None
    if collected is not None and collected.is_file():
        return collected.resolve()
    found = finders.find(name)
    return Path(found).resolve() if isinstance(found, str) else None


class ReportFilesMissing(Exception):
    """A stylesheet or font of the report could not be read: the PDF would come out
    unstyled, in another font."""


def _static_only_fetcher() -> Any:
    """WeasyPrint reads the report's own static files from disk and nothing from the network.

    A stylesheet's relative URLs (the fonts beside fonts.css) resolve against the file
    it was read from, so a file URL is allowed in the folder of a static file served.
    The static URLs it could not find are kept in `missing`.
    """
    import weasyprint

    folders: set[Path] = set()

    class StaticOnlyFetcher(weasyprint.URLFetcher):
        missing: list[str]

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = urlsplit(url).path
            if url.startswith(PDF_BASE_URL) and path.startswith(settings.STATIC_URL):
                found = static_file(path[len(settings.STATIC_URL) :])
                if found:
                    folders.add(found.parent)
                    return super().fetch(found.as_uri(), headers)
                self.missing.append(url)
            if url.startswith("file://"):
                resolved = Path(unquote(path)).resolve()
                if resolved.parent in folders and resolved.is_file():
                    return super().fetch(resolved.as_uri(), headers)
                self.missing.append(url)
            raise ValueError(f"the report may not load {url}")

    fetcher = StaticOnlyFetcher(allowed_protocols=["file"])
    fetcher.missing = []
    return fetcher


def report_pdf(html: str) -> bytes:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    # PDF/UA-1: tagged structure, the document's language (from `<html lang>`) and its
    # title (from `<title>`, shown as the window title) in the metadata.
    fetcher = _static_only_fetcher()
    pdf = weasyprint.HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher).write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        custom_metadata=True,
        # The site's own fonts (Lato, Noto Sans), read from the vendored files.
        font_config=FontConfiguration(),
    )
    if fetcher.missing:
        raise ReportFilesMissing(
            "the report's stylesheets or fonts could not be read: " + ", ".join(fetcher.missing)
        )
    return pdf
