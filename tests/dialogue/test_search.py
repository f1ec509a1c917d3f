import pytest
from django.db import connection

from dialogue.search import search, search_entry_upsert

pytestmark = pytest.mark.django_db


def titles(results):
    return [r["title"] for r in results]


def test_english_search_stems_and_highlights(demo_paper):
    results = search(consultation=demo_paper, language="en", query="securities")
    assert any("Security" in title for title in titles(results))
    assert any("<mark>" in r["excerpt"] for r in results)


def test_french_search_finds_inflected_forms(demo_paper):
    results = search(consultation=demo_paper, language="fr", query="sécurités")
    assert any("Sécurité" in title for title in titles(results))
    assert search(consultation=demo_paper, language="fr", query="sécuritaire")


def test_search_stays_in_the_readers_language(demo_paper):
    english_only = search(consultation=demo_paper, language="fr", query="securities")
    assert all("/fr/" in r["url"] for r in english_only)


def test_excerpts_are_escaped(demo_paper):
    search_entry_upsert(
        consultation_id=demo_paper.pk,
        kind="answer",
        object_id=999,
        language="en",
        title="<b>Title</b>",
        body="peacekeeping <script>alert(1)</script> matters",
        url="/en/x/",
    )
    result = next(
        r
        for r in search(consultation=demo_paper, language="en", query="peacekeeping")
        if r["url"] == "/en/x/"
    )
    # SQLite escapes the tag; PostgreSQL's ts_headline drops it. Neither lets it through.
    assert "<script" not in result["excerpt"]
    assert "<mark>peacekeeping</mark>" in result["excerpt"]


def test_empty_or_nonsense_query_finds_nothing(demo_paper):
    assert search(consultation=demo_paper, language="en", query="   ") == []
    assert search(consultation=demo_paper, language="en", query="zzyzxqwv") == []


def test_search_page_shows_results_in_both_languages(client, demo_paper):
    english = client.get("/en/search/", {"q": "prosperity"}).content.decode()
    assert "results for “prosperity”" in english and "<mark>" in english
    french = client.get("/fr/recherche/", {"q": "prospérité"}).content.decode()
    assert "résultats pour «\xa0prospérité\xa0»" in french


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgres_uses_the_language_configurations_and_gin_index(demo_paper):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'dialogue_searchentry_vector_gin'"
        )
        assert "gin" in cursor.fetchone()[0].lower()
        cursor.execute(
            "SELECT count(*) FROM dialogue_searchentry WHERE language = 'fr' "
            "AND vector @@ to_tsquery('french_unaccent', 'sécurités')"
        )
        assert cursor.fetchone()[0] > 0


def test_discussion_questions_are_found_by_their_words(demo_paper):
    english = search(consultation=demo_paper, language="en", query="independent voice")
    assert any(r["kind"] == "question" and "/en/answers/" in r["url"] for r in english)
    french = search(consultation=demo_paper, language="fr", query="voix indépendante")
    assert any(r["kind"] == "question" and "/fr/reponses/" in r["url"] for r in french)


ACCENT_PAIRS = [
    ("en", "The naïve café owner keeps a résumé", ["naive", "cafe", "resume"]),
    ("en", "A plain cafe and a resume", ["café", "résumé"]),
    ("fr", "Le pergélisol fond et les États agissent", ["pergelisol", "etats"]),
    ("fr", "Une œuvre qui tient à cœur", ["oeuvre", "coeur"]),
    ("fr", "Une oeuvre qui tient a coeur", ["œuvre", "cœur"]),
]


@pytest.mark.parametrize(("language", "body", "queries"), ACCENT_PAIRS)
def test_accents_are_folded_both_ways(demo_paper, language, body, queries):
    search_entry_upsert(
        consultation_id=demo_paper.pk,
        kind="answer",
        object_id=4242,
        language=language,
        title="Folding",
        body=body,
        url=f"/{language}/folding/",
    )
    for query in queries:
        found = search(consultation=demo_paper, language=language, query=query)
        assert any(r["url"] == f"/{language}/folding/" for r in found), query


def test_excerpts_are_cut_on_word_boundaries(demo_paper):
    body = " ".join(["peacekeeping"] * 40 + ["girls", "school", "literacy"] + ["sport"] * 60)
    search_entry_upsert(
        consultation_id=demo_paper.pk,
        kind="answer",
        object_id=4343,
        language="en",
        title="Long",
        body=body,
        url="/en/long/",
    )
    result = next(
        r
        for r in search(consultation=demo_paper, language="en", query="literacy")
        if r["url"] == "/en/long/"
    )
    text = str(result["excerpt"]).replace("<mark>", "").replace("</mark>", "").strip("…")
    words = set(body.split())
    assert text.split() and all(word in words for word in text.split()), text


def test_searching_too_often_from_one_address_is_refused_with_429(client, demo_paper, settings):
    settings.SEARCH_RATE = "3/60"
    for _ in range(3):
        assert client.get("/en/search/?q=security", REMOTE_ADDR="203.0.113.9").status_code == 200
    response = client.get("/en/search/?q=security", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert "You have searched many times in a short time" in response.content.decode()
    response = client.get("/fr/recherche/?q=sécurité", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert "Vous avez fait beaucoup de recherches" in response.content.decode()
    # Another reader is not refused; the empty search page is never counted.
    assert client.get("/en/search/?q=security", REMOTE_ADDR="198.51.100.3").status_code == 200
    assert client.get("/en/search/", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_questions_of_an_unpublished_chapter_are_not_found(demo_paper):
    """Indexed while public, then the chapter is withdrawn: its questions drop out at
    once, and the next indexing leaves them out."""
    from dialogue.search import search_index_consultation
    from questions.models import Question

    question = Question.objects.get(consultation=demo_paper, text_en__icontains="independent voice")

    def found() -> bool:
        results = search(consultation=demo_paper, language="en", query="independent voice")
        return any(r["kind"] == "question" for r in results)

    assert found()
    question.chapter.published = False
    question.chapter.save(update_fields=["published"])
    assert not found()
    search_index_consultation(demo_paper)
    assert not found()


@pytest.mark.postgres
def test_a_common_word_ranks_the_paper_and_only_the_newest_answers_and_posts(
    demo_paper, monkeypatch
):
    """Narrowing before ranking: every match from the paper, then the newest
    SEARCH_CANDIDATES matching answers and posts, never older ones."""
    if connection.vendor != "postgresql":
        pytest.skip("the narrowing is PostgreSQL's full-text search")
    import dialogue.search

    monkeypatch.setattr(dialogue.search, "SEARCH_CANDIDATES", 2)
    for n in range(5):
        search_entry_upsert(
            consultation_id=demo_paper.pk,
            kind="post",
            object_id=1000 + n,
            language="en",
            title=f"Post {n}",
            body=f"Security and security again, number {n}.",
            url=f"/en/forum/thread/{n}/",
        )
    results = search(consultation=demo_paper, language="en", query="security")
    found = titles(results)
    assert [title for title in found if title.startswith("Post ")] in (
        ["Post 4", "Post 3"],
        ["Post 3", "Post 4"],
    )
    assert any("Security" in title for title in found)  # the paper's chapter still found
