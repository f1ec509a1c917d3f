"""The department's program pages beside the Dialogue: the tree, its pages in both
languages, the menu, the site map, the search, the admin and the paper file."""

import filecmp
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dialogue.models import Consultation, Resource
from dialogue.search import search
from questions.models import Question
from sitepages.demo import DEMO_SITE_PAPER, demo_site_pages_create
from sitepages.models import SitePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def program(demo_paper: Consultation) -> Consultation:
    return demo_site_pages_create(demo_paper)


def test_the_program_pages_load_beside_the_current_consultation(
    demo_paper: Consultation, program: Consultation
) -> None:
    assert Consultation.objects.get(is_current=True) == demo_paper
    assert program.site_pages.count() == 13
    assert program.site_pages.filter(parent__slug_en="public-safety").count() == 4


@pytest.mark.parametrize(
    ("url", "texts"),
    [
        (
            "/en/programs/human-security/public-safety/",
            [
                "Public Safety</h1>",
                'href="/en/programs/human-security/international-policy/">International Policy</a>',
                'href="#taking-concrete-action">Taking concrete action</a>',
                "Date modified:",
                "Transnational crime</a>",
                'aria-labelledby="section-menu-heading"',
                'hreflang="fr" href="/fr/programmes/securite-humaine/securite-publique/"',
            ],
        ),
        (
            "/fr/programmes/securite-humaine/securite-publique/",
            [
                "Sécurité publique</h1>",
                ">Politique internationale</a>",
                'href="#agir-concretement">Agir concrètement</a>',
                "Date de modification",
                "Criminalité transnationale</a>",
            ],
        ),
        (
            "/en/programs/human-security/human-security-a-new-measure/",
            [
                "Minister of Foreign Affairs",
                "Ottawa, Ontario",
                "1999-01-07",
                "Check against delivery",
            ],
        ),
        (
            "/fr/programmes/securite-humaine/securite-humaine-une-nouvelle-mesure/",
            [
                "Ministre des Affaires étrangères",
                "Ottawa (Ontario)",
                "Priorité au discours prononcé",
            ],
        ),
        ("/en/programs/human-security/", ["Applying for funding</a>", "Policy Development</a>"]),
    ],
)
def test_a_program_page_in_each_language(
    client: Client, program: Consultation, url: str, texts: list[str]
) -> None:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in texts:
        assert text in html, text


def test_a_page_reads_the_tree_in_a_fixed_number_of_queries(
    client: Client, program: Consultation
) -> None:
    client.get("/en/programs/human-security/transnational-crime/")  # warm caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/programs/human-security/transnational-crime/")
    assert response.status_code == 200
    assert len(queries) <= 12


def test_a_draft_consultation_keeps_its_pages_private(
    client: Client, program: Consultation
) -> None:
    Consultation.objects.filter(pk=program.pk).update(state="draft")
    assert client.get("/en/programs/human-security/public-safety/").status_code == 404
    assert "human-security" not in client.get("/en/programs/").content.decode()


@pytest.mark.parametrize(
    ("url", "link", "breadcrumb"),
    [
        (
            "/en/programs/",
            'href="/en/programs/human-security/">Canada in the World – Human Security</a> '
            '<span class="meta">(13 pages)',
            "",
        ),
        (
            "/fr/programmes/",
            'href="/fr/programmes/securite-humaine/">',
            "",
        ),
        ("/en/programs/human-security/", "", '<a href="/en/programs/">Programs</a>'),
        (
            "/fr/programmes/securite-humaine/securite-publique/",
            "",
            '<a href="/fr/programmes/">Programmes</a>',
        ),
    ],
)
def test_the_programs_address_lists_every_section_and_every_page_leads_back_to_it(
    client: Client, program: Consultation, url: str, link: str, breadcrumb: str
) -> None:
    html = client.get(url).content.decode()
    assert link in html and breadcrumb in html
    assert "Date modified" in html or "Date de modification" in html


def test_the_site_map_and_the_search_include_the_pages(
    client: Client, demo_paper: Consultation, program: Consultation
) -> None:
    html = client.get("/en/sitemap/").content.decode()
    assert 'href="/en/programs/human-security/illicit-drugs/">Illicit drugs</a>' in html
    found = search(consultation=demo_paper, language="en", query="money laundering")
    assert any(r["url"] == "/en/programs/human-security/public-safety/" for r in found)
    found = search(consultation=demo_paper, language="fr", query="blanchiment")
    assert any(r["url"] == "/fr/programmes/securite-humaine/securite-publique/" for r in found)


def _dump() -> str:
    out = io.StringIO()
    call_command(
        "dumpdata",
        "dialogue",
        "questions",
        "forum",
        "sitepages",
        exclude=["dialogue.searchentry"],
        stdout=out,
    )
    return out.getvalue()


SLUGS = ("foreign-policy-dialogue", "human-security")


def test_both_demo_consultations_come_back_byte_identical_into_an_empty_database(
    tmp_path: Path, demo_paper: Consultation, program: Consultation
) -> None:
    for slug in SLUGS:
        call_command(
            "export_paper", "--slug", slug, "--output", str(tmp_path / slug / "paper.yaml")
        )
    first = {slug: (tmp_path / slug / "paper.yaml").read_text() for slug in SLUGS}
    counts = (SitePage.objects.count(), Resource.objects.count(), Question.objects.count())
    Consultation.objects.all().delete()
    assert not SitePage.objects.exists()
    call_command("import_paper", str(tmp_path / SLUGS[0] / "paper.yaml"))
    call_command("import_paper", str(tmp_path / SLUGS[1] / "paper.yaml"), "--not-current")
    assert (SitePage.objects.count(), Resource.objects.count(), Question.objects.count()) == counts
    again = tmp_path / "again"
    for slug in SLUGS:
        call_command("export_paper", "--slug", slug, "--output", str(again / slug / "paper.yaml"))
        assert (again / slug / "paper.yaml").read_text() == first[slug]
    # The brochure comes back in each language, byte for byte.
    brochure = Resource.objects.get(kind="brochure")
    for language in ("en", "fr"):
        name = f"files/canadas-human-security-program-{language}.pdf"
        vendored = DEMO_SITE_PAPER.parent / name
        assert filecmp.cmp(tmp_path / SLUGS[1] / name, vendored, shallow=False)
        assert filecmp.cmp(again / SLUGS[1] / name, vendored, shallow=False)
        with getattr(brochure, f"file_{language}").open("rb") as stored:
            assert stored.read() == vendored.read_bytes()


def test_a_zipped_paper_imports_and_a_path_outside_it_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w") as bundle:
        bundle.write(DEMO_SITE_PAPER, "paper.yaml")
        for path in (DEMO_SITE_PAPER.parent / "files").iterdir():
            bundle.write(path, f"files/{path.name}")
    call_command("import_paper", str(good), "--not-current")
    assert (Resource.objects.get(kind="brochure").file_fr.name or "").endswith(".pdf")
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as bundle:
        bundle.writestr("paper.yaml", "consultation: {}")
        bundle.writestr("../escape.txt", "out")
    before = _dump()
    with pytest.raises(CommandError, match="a path outside its own folder"):
        call_command("import_paper", str(bad))
    assert not (tmp_path / "escape.txt").exists()
    assert _dump() == before


def test_each_language_gets_its_own_brochure_and_missing_twins_are_noted(
    client: Client, program: Consultation
) -> None:
    english = client.get("/en/programs/human-security/").content.decode()
    french = client.get("/fr/programmes/securite-humaine/").content.decode()
    assert "canadas-human-security-program-en" in english
    assert "canadas-human-security-program-fr" in french
    assert "Network meeting</a></h3>" in english  # no note: it exists in English
    assert (
        "Réseau de la sécurité humaine</a> "
        '<span class="meta">(en anglais seulement)</span>' in french
    )
    assert "https://www.example.org/hsn/news-release" in french  # the English twin
    assert "2003-11-27" in english


@pytest.fixture
def staff_client(client: Client, staff) -> Client:
    client.force_login(staff)
    return client


def test_staff_move_and_reorder_pages_in_the_admin(
    staff_client: Client, program: Consultation
) -> None:
    drugs = SitePage.objects.get(slug_en="illicit-drugs")
    program_page = SitePage.objects.get(slug_en="human-security-program")
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": drugs.pk,
        "form-0-parent": program_page.pk,
        "form-0-order": "9",
        "_save": "Save",
    }
    response = staff_client.post("/en/admin/sitepages/sitepage/", data)
    assert response.status_code == 302
    drugs.refresh_from_db()
    assert (drugs.parent, drugs.order) == (program_page, 9)


def test_the_admin_refuses_to_nest_a_page_under_its_own_sub_page(
    staff_client: Client, program: Consultation
) -> None:
    top = SitePage.objects.get(slug_en="international-policy")
    below = SitePage.objects.get(slug_en="transnational-crime")
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": top.pk,
        "form-0-parent": below.pk,
        "form-0-order": "1",
        "_save": "Save",
    }
    response = staff_client.post("/en/admin/sitepages/sitepage/", data)
    assert response.status_code == 200
    assert b"under one of its own sub-pages" in response.content
    top.refresh_from_db()
    assert top.parent is None


def test_the_admin_shows_both_languages_side_by_side_and_the_status_page_lists_pages(
    staff_client: Client, program: Consultation
) -> None:
    page = SitePage.objects.get(slug_en="public-safety")
    html = staff_client.get(f"/en/admin/sitepages/sitepage/{page.pk}/change/").content.decode()
    assert 'name="title_en"' in html and 'name="title_fr"' in html
    SitePage.objects.filter(pk=page.pk).update(place_en="Ottawa")
    html = staff_client.get("/en/admin/dialogue/consultation/translation-status/").content.decode()
    assert f"/en/admin/sitepages/sitepage/{page.pk}/change/" in html
