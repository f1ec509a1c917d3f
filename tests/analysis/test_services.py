"""Codebook and coding: what analysts change, and what they must not."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from accounts.models import User
from analysis import services
from analysis.models import Code, Coding
from analysis.selectors import agreement_per_code, cohen_kappa
from moderation.models import Status
from tests.analysis.factories import CodeFactory
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst():
    return UserFactory(role="analyst")


@pytest.fixture
def question():
    return QuestionFactory()


def coded(code: Code) -> set[tuple[int, int]]:
    return set(Coding.objects.filter(code=code).values_list("answer_id", "analyst_id"))


def test_coding_changes_exactly_the_chosen_answers(analyst, question):
    answers = AnswerFactory.create_batch(6, question=question)
    code = CodeFactory(codebook__consultation=question.consultation)
    other_code = CodeFactory(codebook=code.codebook)
    services.coding_apply(
        analyst=analyst, code=other_code, question=question, answer_ids=[answers[5].pk]
    )

    created = services.coding_apply(
        analyst=analyst, code=code, question=question, answer_ids=[answers[1].pk, answers[3].pk]
    )

    assert created == 2
    assert coded(code) == {(answers[1].pk, analyst.pk), (answers[3].pk, analyst.pk)}
    assert coded(other_code) == {(answers[5].pk, analyst.pk)}
    # Applying again changes nothing; removing takes off only what was asked.
    assert (
        services.coding_apply(
            analyst=analyst, code=code, question=question, answer_ids=[answers[1].pk]
        )
        == 0
    )
    services.coding_remove(
        analyst=analyst, code=code, question=question, answer_ids=[answers[1].pk]
    )
    assert coded(code) == {(answers[3].pk, analyst.pk)}


def test_bulk_coding_of_a_filter_changes_exactly_the_matching_answers(analyst, question):
    from analysis.selectors import AnswerFilter, workbench_answers

    french = AnswerFactory.create_batch(4, question=question, language="fr")
    english = AnswerFactory.create_batch(3, question=question, language="en")
    elsewhere = AnswerFactory(question=QuestionFactory(), language="fr")
    code = CodeFactory(codebook__consultation=question.consultation)

    matching = workbench_answers(question, AnswerFilter(language="fr"), analyst=analyst)
    services.coding_apply(
        analyst=analyst,
        code=code,
        question=question,
        answer_ids=list(matching.values_list("pk", flat=True)),
    )

    assert {pk for pk, _ in coded(code)} == {answer.pk for answer in french}
    assert not Coding.objects.filter(answer__in=[*english, elsewhere]).exists()


def test_an_answer_of_another_question_or_not_published_is_refused(analyst, question):
    code = CodeFactory(codebook__consultation=question.consultation)
    mine = AnswerFactory(question=question)
    withdrawn = AnswerFactory(question=question, status=Status.WITHDRAWN)
    foreign = AnswerFactory(question=QuestionFactory())
    for bad in (withdrawn, foreign):
        with pytest.raises(ValidationError):
            services.coding_apply(
                analyst=analyst, code=code, question=question, answer_ids=[mine.pk, bad.pk]
            )
    assert not Coding.objects.exists()


def test_two_analysts_coding_the_same_answer_keep_both(analyst, question):
    other = UserFactory(role="analyst")
    answer = AnswerFactory(question=question)
    code = CodeFactory(codebook__consultation=question.consultation)
    services.coding_apply(analyst=analyst, code=code, question=question, answer_ids=[answer.pk])
    services.coding_apply(analyst=other, code=code, question=question, answer_ids=[answer.pk])
    services.coding_remove(analyst=other, code=code, question=question, answer_ids=[answer.pk])
    services.coding_apply(analyst=other, code=code, question=question, answer_ids=[answer.pk])
    assert coded(code) == {(answer.pk, analyst.pk), (answer.pk, other.pk)}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_analysts_at_the_same_moment_keep_both():
    """Two threads (two connections) code the same answer at once: both rows stay."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite's test database locks the table for a second writer")
    question = QuestionFactory()
    answer = AnswerFactory(question=question)
    code = CodeFactory(codebook__consultation=question.consultation)
    analysts = [UserFactory(role="analyst"), UserFactory(role="analyst")]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def work(person: User) -> None:
        try:
            start.wait()
            services.coding_apply(
                analyst=person, code=code, question=question, answer_ids=[answer.pk]
            )
        except BaseException as error:
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=work, args=(person,)) for person in analysts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert coded(code) == {(answer.pk, person.pk) for person in analysts}


def test_cohen_kappa_matches_a_hand_computed_example():
    # 10 answers; A says yes to 1-5, B to 1-4 and 6.
    # Agree on 1,2,3,4 (yes) and 7,8,9,10 (no): p_o = 8/10 = 0.8.
    # p_e = 0.5 * 0.5 + 0.5 * 0.5 = 0.5; kappa = (0.8 - 0.5) / (1 - 0.5) = 0.6.
    first = [True] * 5 + [False] * 5
    second = [True] * 4 + [False, True] + [False] * 4
    assert cohen_kappa(first, second) == pytest.approx(0.6)
    # 3 yes by A (of 6), 1 yes by B, agreeing on 4: p_o = 4/6, p_e = (3/6)(1/6) + (3/6)(5/6) = 0.5
    assert cohen_kappa(
        [True, True, True, False, False, False], [True, False, False, False, False, False]
    ) == pytest.approx((4 / 6 - 0.5) / 0.5)
    assert cohen_kappa([], []) is None
    assert cohen_kappa([True, True], [True, True]) is None


def test_agreement_per_code_over_the_shared_sample(analyst, question):
    other = UserFactory(role="analyst")
    answers = AnswerFactory.create_batch(11, question=question)
    code = CodeFactory(codebook__consultation=question.consultation)
    filler = CodeFactory(codebook=code.codebook)
    sample = answers[:10]
    for person, yes in ((analyst, range(5)), (other, [0, 1, 2, 3, 5])):
        ids = [sample[i].pk for i in yes]
        services.coding_apply(analyst=person, code=code, question=question, answer_ids=ids)
        rest = [answer.pk for i, answer in enumerate(sample) if i not in yes]
        services.coding_apply(analyst=person, code=filler, question=question, answer_ids=rest)
    # Coded by one analyst only: not in the shared sample.
    services.coding_apply(
        analyst=analyst, code=code, question=question, answer_ids=[answers[10].pk]
    )

    rows = {row.code.pk: row for row in agreement_per_code(question, analyst, other)}
    assert rows[code.pk].items == 10
    assert rows[code.pk].kappa == pytest.approx(0.6)


def test_codebook_two_levels_merge_and_retire_keep_past_coding(analyst, question):
    codebook = services.codebook_for(question.consultation)
    version = codebook.version
    theme = services.code_create(codebook=codebook, label_en="Trade", label_fr="Commerce")
    sub = services.code_create(
        codebook=codebook, label_en="Tariffs", label_fr="Tarifs", parent=theme
    )
    with pytest.raises(ValidationError):
        services.code_create(codebook=codebook, label_en="Deep", label_fr="Profond", parent=sub)
    with pytest.raises(ValidationError):
        services.code_create(codebook=codebook, label_en="Only English", label_fr=" ")
    other = services.code_create(
        codebook=codebook, label_en="Customs", label_fr="Douanes", parent=theme
    )
    answer = AnswerFactory(question=question)
    services.coding_apply(analyst=analyst, code=other, question=question, answer_ids=[answer.pk])

    services.code_merge(source=other, target=sub)
    other.refresh_from_db()
    assert other.merged_into == sub
    assert Coding.objects.filter(code=other, answer=answer).exists()  # past coding kept
    with pytest.raises(ValidationError):
        services.coding_apply(
            analyst=analyst, code=other, question=question, answer_ids=[answer.pk]
        )

    services.code_retire(code=sub)
    with pytest.raises(ValidationError):
        services.coding_apply(analyst=analyst, code=sub, question=question, answer_ids=[answer.pk])
    codebook.refresh_from_db()
    assert codebook.version == version + 5  # three codes, a merge, a retirement


def test_a_note_is_private_to_its_analyst_and_empty_removes_it(analyst, question):
    other = UserFactory(role="analyst")
    answer = AnswerFactory(question=question)
    services.note_save(analyst=analyst, answer=answer, text="Mentions a treaty.")
    services.note_save(analyst=other, answer=answer, text="Check the figures.")
    services.note_save(analyst=analyst, answer=answer, text="Mentions two treaties.")
    assert sorted(answer.analyst_notes.values_list("text", flat=True)) == [
        "Check the figures.",
        "Mentions two treaties.",
    ]
    services.note_save(analyst=analyst, answer=answer, text="  ")
    assert list(answer.analyst_notes.values_list("text", flat=True)) == ["Check the figures."]
