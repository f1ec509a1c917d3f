"""Nothing attached to an unpublished chapter is public: not its title, sections,
questions, answers, interviews or forum board, on any page, feed, search or map."""

import datetime

import pytest
from django.urls import reverse

from dialogue.models import Interview
from dialogue.search import search, search_index_consultation
from forum.models import Thread
from questions.services import answer_search_sync
from reports.selectors import report_questions
from tests.dialogue.factories import ChapterFactory, ConsultationFactory, SectionFactory
from tests.forum.factories import BoardFactory, ThreadFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db

SECRET = "Embargoed Arctic strategy"


@pytest.fixture
def embargo(db):
    """A published chapter and an unpublished one, each with everything attached."""
    consultation = ConsultationFactory()
    public = ChapterFactory(consultation=consultation, title_en="Open trade chapter")
    hidden = ChapterFactory(
        consultation=consultation,
        title_en=SECRET,
        slug_en="arctic",
        body_en="The walrus clause stays secret.",
        published=False,
    )
    SectionFactory(chapter=hidden, title_en="Walrus section", body_en="More walrus detail.")
    question = QuestionFactory(chapter=hidden, text_en="Should the walrus clause pass?")
    answer = AnswerFactory(question=question, body="The walrus clause is wise.")
    answer_search_sync(answer)
    interview = Interview.objects.create(
        consultation=consultation,
        slug="walrus-expert",
        expert_name="Dr Walrus Expert",
        affiliation="Polar institute",
        date=datetime.date(2026, 11, 1),
        chapter=hidden,
        summary="Talks about the walrus clause.",
        body="The walrus transcript.",
    )
    board = BoardFactory(consultation=consultation, chapter=hidden, title_en="Walrus board")
    thread = ThreadFactory(board=board, title="Walrus thread")
    search_index_consultation(consultation)
    return {
        "consultation": consultation,
        "public": public,
        "hidden": hidden,
        "question": question,
        "answer": answer,
        "interview": interview,
        "board": board,
        "thread": thread,
    }


def _page(client, url):
    response = client.get(url)
    return response.status_code, response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/en/", "/en/paper/", "/en/experts/", "/en/sitemap/", "/en/forum/", "/en/questions/"],
)
def test_lists_do_not_mention_the_unpublished_chapter(client, embargo, url):
    status, page = _page(client, url)
    assert status == 200
    assert SECRET not in page and "Walrus" not in page and "walrus" not in page
    assert f"/en/answers/{embargo['question'].pk}/" not in page


def test_pages_of_the_unpublished_chapter_are_not_found(client, embargo):
    urls = [
        "/en/paper/arctic/",
        reverse("dialogue:interview", kwargs={"slug": "walrus-expert"}),
        reverse("questions:question_answers", args=[embargo["question"].pk]),
        reverse("questions:question_answers_feed", args=[embargo["question"].pk]),
        reverse("questions:answer", args=[embargo["question"].pk]),
        embargo["board"].get_absolute_url(),
        reverse("forum:board_feed", kwargs={"slug": embargo["board"].slug}),
        embargo["thread"].get_absolute_url(),
    ]
    for url in urls:
        assert client.get(url).status_code in (404, 302), url
    for url in urls[:3] + urls[5:]:
        assert client.get(url).status_code == 404, url


def test_search_finds_nothing_of_the_unpublished_chapter(client, embargo):
    assert search(consultation=embargo["consultation"], language="en", query="walrus") == []
    page = client.get(reverse("dialogue:search"), {"q": "walrus"}).content.decode()
    # The query itself is echoed in lower case; every document above says "Walrus" or
    # "walrus clause".
    assert "Walrus" not in page and "walrus clause" not in page and "wise" not in page


def test_search_forgets_a_chapter_unpublished_after_indexing(embargo):
    public = embargo["public"]
    public.body_en = "The narwhal paragraph."
    public.save()
    search_index_consultation(embargo["consultation"])
    assert search(consultation=embargo["consultation"], language="en", query="narwhal")
    public.published = False
    public.save(update_fields=["published"])
    assert search(consultation=embargo["consultation"], language="en", query="narwhal") == []


def test_no_thread_can_be_started_on_the_unpublished_chapters_board(client, participant, embargo):
    client.force_login(participant)
    url = reverse("forum:new_thread", kwargs={"slug": embargo["board"].slug})
    assert client.get(url).status_code == 404
    response = client.post(url, {"title": "Walrus leak", "body": "Text.", "language": "en"})
    assert response.status_code == 404
    assert not Thread.objects.filter(title="Walrus leak").exists()


def test_the_report_leaves_out_the_unpublished_chapters_questions(embargo):
    questions = list(report_questions(consultation=embargo["consultation"]))
    assert embargo["question"] not in questions
