import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def _toggle(html):
    return re.search(
        r'<section class="lang-toggle".*?<a href="([^"]+)" lang="(\w+)"', html, re.S
    ).groups()


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("/en/", "/fr/"),
        ("/en/paper/", "/fr/document/"),
        ("/en/minister/", "/fr/ministre/"),
        ("/en/answers/", "/fr/reponses/"),
        ("/en/resources/", "/fr/ressources/"),
        ("/en/sitemap/", "/fr/plan-du-site/"),
        ("/en/report/", "/fr/rapport/"),
        ("/en/staff/reports/", "/fr/personnel/rapports/"),
        ("/en/accounts/login/", "/fr/comptes/login/"),
        ("/en/paper/security/", "/fr/document/securite/"),
        ("/en/about/", "/fr/a-propos/"),
        ("/en/feedback/", "/fr/retroaction/"),
    ],
)
def test_language_toggle_leads_to_the_twin_page_and_back(client, demo_paper, english, french):
    response = client.get(english)
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # staff pages redirect anonymous readers to sign in
        return
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert _toggle(html) == (french, "fr")
    html_fr = client.get(french).content.decode()
    assert '<html lang="fr">' in html_fr
    assert _toggle(html_fr) == (english, "en")


def test_toggle_keeps_the_query_string(client):
    html = client.get("/en/search/?q=security&page=2").content.decode()
    assert _toggle(html)[0] == "/fr/recherche/?q=security&amp;page=2"


def test_splash_offers_both_languages(client):
    html = client.get("/").content.decode()
    assert 'href="/en/"' in html and 'href="/fr/"' in html
    assert 'lang="fr"' in html


def test_frame_has_the_mandatory_elements_in_french(client, demo_paper):
    # With its fixed pages: a paper without them gets no links to them (test_links.py).
    html = client.get("/fr/").content.decode()
    for text in [
        "Passer au contenu principal",
        "English",
        "Message du ministre",
        "Document de dialogue",
        "Répondre aux questions",
        "Voir les réponses",
        "Entrevues avec des experts",
        "Autres ressources",
        "Forum de discussion",
        "Rapport final",
        "Plan du site",
        "Date de modification",
        "Avis de confidentialité",
        "Nétiquette",
        "Rétroaction",
        "Rechercher",
    ]:
        assert text in html, text


def test_strict_content_security_policy_and_headers(client):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_templates_hold_no_inline_script_or_style():
    offenders = []
    for root in [settings.BASE_DIR / "templates", *Path(settings.BASE_DIR).glob("*/templates")]:
        for template in Path(root).rglob("*.html"):
            text = template.read_text()
            if re.search(r"\sstyle=|\son[a-z]+=|<style|<script(?![^>]*\ssrc=)", text):
                offenders.append(str(template))
    assert offenders == []


def test_unknown_page_is_a_translated_404(client):
    response = client.get("/fr/nulle-part/")
    assert response.status_code == 404
    assert "Nous n" in response.content.decode()


def test_canadian_formats_in_both_languages():
    import datetime

    from django.utils import formats, translation

    moment = datetime.datetime(2026, 11, 22, 13, 40)
    with translation.override("fr"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "22 novembre 2026, 13\xa0h\xa040"
        early = moment.replace(hour=9, minute=5)
        assert formats.time_format(early.time(), "TIME_FORMAT") == "9\xa0h\xa005"
        assert formats.date_format(moment, "SHORT_DATE_FORMAT") == "2026-11-22"
        # Thousands take the narrow no-break space (U+202F), not U+00A0.
        assert formats.number_format(1234.5, 1, force_grouping=True) == "1\u202f234,5"
    with translation.override("en"):
        assert formats.date_format(moment, "SHORT_DATE_FORMAT") == "2026-11-22"
        assert formats.number_format(5000, force_grouping=True) == "5,000"


def test_templates_group_thousands_the_locale_way():
    from django.template import engines
    from django.utils import translation

    template = engines["django"].from_string(
        '{% load humanize %}{{ n|intcomma }}|{{ x|floatformat:"g" }}|{{ n|stringformat:"d" }}'
    )
    with translation.override("fr"):
        assert template.render({"n": 5000, "x": 12345.5}) == "5\u202f000|12\u202f345,5|5000"
    with translation.override("en"):
        assert template.render({"n": 5000, "x": 12345.5}) == "5,000|12,345.5|5000"


def test_french_dates_write_the_first_of_the_month_as_1er():
    import datetime

    from django.template import Context, Template
    from django.utils import translation

    template = Template('{% load canadian_dates %}{{ day|cadate:"DATE_FORMAT" }}')
    first = Context({"day": datetime.date(2026, 12, 1)})
    with translation.override("fr"):
        assert template.render(first) == "1er décembre 2026"
        assert template.render(Context({"day": datetime.date(2026, 12, 11)})) == "11 décembre 2026"
    with translation.override("en"):
        assert "1er" not in template.render(first)


def test_django_date_filter_is_django_s_own_and_month_names_use_cadate():
    """Nothing replaces a built-in filter behind the templates' back: `date` is Django's,
    and every template that writes a month's name loads `cadate` explicitly."""
    import datetime
    import re
    import subprocess
    from pathlib import Path

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("fr"):
        plain = Template('{{ day|date:"DATE_FORMAT" }}').render(
            Context({"day": datetime.date(2026, 12, 1)})
        )
    assert plain == "1 décembre 2026"
    root = Path(__file__).resolve().parents[2]
    templates = subprocess.run(
        ["git", "ls-files", "*.html", "*.txt"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    named_month = re.compile(r'\|date:"[A-Z_]*FORMAT"')
    assert [name for name in templates if named_month.search((root / name).read_text())] == []
    for name in templates:
        text = (root / name).read_text()
        if "|cadate:" in text:
            assert re.search(r"\{% load [^%]*\bcanadian_dates\b", text), name


def test_splash_shows_the_consultation_title_the_site_uses(client, demo_paper):
    html = client.get("/").content.decode()
    assert demo_paper.title_en in html and demo_paper.title_fr in html
    home = client.get("/en/").content.decode()
    assert demo_paper.title_en in home
    assert "A Dialogue on Global Affairs" not in html or demo_paper.title_en == (
        "A Dialogue on Global Affairs"
    )


def test_screen_reader_separator_on_french_questions_has_a_no_break_space(client, demo_paper):
    html = client.get("/fr/questions/").content.decode()
    assert '<span class="visually-hidden">\u00a0: ' in html
    assert '<span class="visually-hidden">: ' not in html
