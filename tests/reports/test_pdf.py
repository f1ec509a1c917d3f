"""The PDF a ministry publishes: tagged (PDF/UA-1), its language and title set, parts in order."""

import html
import re
import shutil
import subprocess  # nosec B404 # poppler's tools, fixed arguments
import zlib

import docx
import pytest
from django.utils import timezone

from reports import authored
from reports.models import RunState
from reports.outputs import run_folder
from reports.services import report_run_start
from tests.reports.factories import AnswerFactory, QuestionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils"),
]


def _save(consultation, key, en, fr, **signatures):
    part = authored.text_part(consultation=consultation, key=key)
    authored.report_text_save(
        consultation=consultation, part=part, body_en=en, body_fr=fr, **signatures
    )


def _objects(path: str) -> bytes:
    """The PDF's objects, those packed in compressed object streams too."""
    data = open(path, "rb").read()  # noqa: SIM115
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(match[1]))
        except zlib.error:
            continue
    return b"".join(parts)


def _docx_matches_html(run_id: int, language: str) -> None:
    """The DOCX opens with python-docx and has the HTML's headings, in order."""
    folder = run_folder(run_id)
    page = (folder / f"report-{language}.html").read_text(encoding="utf-8")
    page = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
    html_headings = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())
        for text in re.findall(r"<h[1-5][^>]*>(.*?)</h[1-5]>", page, flags=re.S)
    ]
    document = docx.Document(str(folder / f"report-{language}.docx"))
    docx_headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and (p.style.name.startswith("Heading") or p.style.name == "Title")
    ]
    assert docx_headings == html_headings
    assert len(html_headings) > 8
    assert document.core_properties.title.startswith(("Final report", "Rapport final"))
    assert any(p.style is not None and p.style.name == "Intense Quote" for p in document.paragraphs)
    assert document.tables


def _tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout  # nosec B603


def test_the_pdfs_are_tagged_with_language_title_and_parts_in_order(
    staff, django_capture_on_commit_callbacks
):
    question = QuestionFactory()
    consultation = question.consultation
    for n in range(6):
        AnswerFactory(question=question, body=f"Peacekeeping missions matter, answer {n}.")
    _save(
        consultation,
        "foreword",
        "Foreword text here.",
        "Texte de l’avant-propos.",
        signature_en="The Minister",
        signature_fr="La ministre",
    )
    _save(consultation, "summary", "Summary text here.", "Texte du résumé.")
    _save(consultation, "next-steps", "Next steps text here.", "Texte des prochaines étapes.")
    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_start(consultation=consultation, requested_by=staff, cutoff=timezone.now())
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED, run.error
    for language, markers, footer in [
        (
            "en",
            [
                "Foreword text here.",
                "The Minister",
                "Summary text here.",
                "Participation was open",
                "Next steps text here.",
            ],
            "Page 2 of ",
        ),
        (
            "fr",
            [
                "Texte de l’avant-propos.",
                "La ministre",
                "Texte du résumé.",
                "La participation était",
                "Texte des prochaines étapes.",
            ],
            "Page 2 de ",
        ),
    ]:
        pdf = str(run_folder(run.pk) / f"report-{language}.pdf")
        info = _tool("pdfinfo", pdf)
        assert re.search(r"^Tagged:\s+yes$", info, flags=re.M), info
        assert re.search(r"^Title:\s+(Final report|Rapport final)", info, flags=re.M), info
        assert f"/Lang ({language})".encode() in _objects(pdf)
        text = _tool("pdftotext", pdf, "-")
        missing = [m for m in markers if m not in text]
        assert not missing, (language, missing, text[:3000])
        positions = [text.index(marker) for marker in markers]
        assert positions == sorted(positions), (language, positions)
        assert footer in text
        _docx_matches_html(run.pk, language)
        fonts = _tool("pdffonts", pdf)
        assert "Lato" in fonts and "Noto-Sans" in fonts, fonts


def _styled_page() -> str:
    from django.templatetags.static import static

    return (
        '<html lang="en"><head><title>Final report</title>'
        f'<link rel="stylesheet" href="{static("vendor/gcds-fonts/fonts.css")}">'
        f'<link rel="stylesheet" href="{static("reports/report.css")}">'
        "</head><body><h1>Final report</h1><p>What we heard.</p></body></html>"
    )


def test_a_deployed_site_prints_the_report_in_its_own_fonts(settings, tmp_path):
    """With DEBUG off the stylesheets' names carry the manifest's hash, a file only the
    collected folder holds: the PDF must still get the site's stylesheet and fonts."""
    from django.core.management import call_command

    from reports.document import report_pdf

    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    page = _styled_page()
    assert ".css" in page and "fonts.css" not in page  # hashed names, as deployed
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report_pdf(page))
    fonts = _tool("pdffonts", str(pdf))
    assert "Lato" in fonts and "Noto-Sans" in fonts, fonts


def test_a_report_whose_stylesheet_cannot_be_read_fails_rather_than_print_unstyled(
    settings, tmp_path
):
    from reports.document import ReportFilesMissing, report_pdf

    page = _styled_page().replace("reports/report.css", "reports/nowhere.css")
    with pytest.raises(ReportFilesMissing, match=r"nowhere\.css"):
        report_pdf(page)
