"""Copies and near copies: one planted campaign is found, distinct answers stay apart,
and the report counts a campaign once, with its size."""

import random

import pytest
from django.utils import timezone

from analysis import duplicates, jobs, services
from analysis.models import AnalysisJob, DuplicateGroup, DuplicateMember
from reports.document import report_html
from reports.models import ReportRun
from reports.selectors import figures_compute, report_questions
from tests.analysis.factories import CodeFactory
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

CAMPAIGN = (
    "As a member of the Coalition for Fair Trade I urge the government to make human "
    "rights a binding condition of every new trade agreement, to publish an impact "
    "assessment before signing, and to consult Indigenous nations and labour unions "
    "at every stage of the negotiations."
)
WORDS = [
    "aid",
    "water",
    "schools",
    "health",
    "border",
    "arctic",
    "climate",
    "fisheries",
    "farmers",
    "students",
    "veterans",
    "embassy",
    "visas",
    "refugees",
    "mining",
    "forests",
    "oil",
    "wheat",
    "canola",
    "ports",
    "rail",
    "drones",
    "satellites",
    "vaccines",
    "hospitals",
    "nurses",
    "doctors",
    "teachers",
    "artists",
    "films",
    "music",
    "books",
    "libraries",
    "courts",
    "judges",
    "police",
    "prisons",
    "taxes",
    "pensions",
    "housing",
    "rent",
    "transit",
    "bridges",
    "roads",
    "airports",
    "tariffs",
    "steel",
    "aluminum",
    "lumber",
    "dairy",
    "poultry",
    "salmon",
    "whales",
    "ice",
    "tundra",
    "permafrost",
    "wildfire",
    "flood",
    "drought",
    "storms",
    "tourism",
    "hotels",
    "cuisine",
    "hockey",
    "soccer",
    "olympics",
    "science",
    "research",
    "laboratories",
    "universities",
    "colleges",
    "apprentices",
    "trades",
    "engineers",
    "coders",
    "startups",
    "banks",
    "insurance",
    "privacy",
    "internet",
    "broadband",
    "radio",
    "television",
    "newspapers",
]


def planted_copies(rng: random.Random) -> list[str]:
    """50 variants of one text: case, punctuation, a changed word, a signature line."""
    words = CAMPAIGN.split()
    texts = []
    for n in range(50):
        text = CAMPAIGN
        if n % 5 == 1:
            text = text.upper()
        elif n % 5 == 2:
            text = text.replace(",", "").replace(".", "!!")
        elif n % 5 == 3:
            changed = list(words)
            changed[rng.randrange(len(changed))] = rng.choice(WORDS)
            text = " ".join(changed)
        elif n % 5 == 4:
            text = f"{text}\n\n— {rng.choice(['Marie', 'Ahmed', 'Li', 'Jean'])} from {rng.choice(WORDS)}"
        if n % 7 == 0:
            text = text.lower() + " Thank you."
        texts.append(text)
    return texts


def distinct_answers(rng: random.Random, count: int) -> list[str]:
    return [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 45))) + "." for _ in range(count)
    ]


def test_planted_campaign_is_one_group_and_distinct_answers_stay_apart():
    rng = random.Random(18)
    copies = planted_copies(rng)
    others = distinct_answers(rng, 500)
    texts = others[:250] + copies + others[250:]
    rng.shuffle(texts)

    groups = duplicates.groups_find(texts)

    assert len(groups) == 1
    assert sorted(texts[i] for i in groups[0].members) == sorted(copies)
    assert texts[groups[0].common_index] == CAMPAIGN


def test_normalising_folds_case_accents_and_punctuation():
    assert duplicates.normalise("  Élan, VITAL!!  d'abord ") == "elan vital d abord"


@pytest.mark.django_db
def test_detection_task_is_harmless_twice_and_keeps_the_campaign_mark(
    django_capture_on_commit_callbacks, eager_celery
):
    question = QuestionFactory()
    rng = random.Random(3)
    for text in planted_copies(rng)[:12]:
        AnswerFactory(question=question, body=text)
    for text in distinct_answers(rng, 20):
        AnswerFactory(question=question, body=text)
    staff = UserFactory(role="staff")
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.analysis_job_start(
            consultation=question.consultation,
            kind=AnalysisJob.Kind.DUPLICATES,
            by=staff,
            question=question,
        )
    job.refresh_from_db()
    assert job.state == "succeeded"
    group = DuplicateGroup.objects.get()
    assert group.size == 12
    assert jobs.analysis_job_execute(job.pk) is False  # a second delivery does nothing

    services.campaign_mark(group=group, by=staff, is_campaign=True)
    jobs.duplicates_detect(question=question)
    again = DuplicateGroup.objects.get()
    assert again.is_campaign and again.size == 12
    assert DuplicateMember.objects.count() == 12


@pytest.mark.django_db
def test_the_report_counts_a_campaign_once_with_its_size():
    question = QuestionFactory()
    analyst = UserFactory(role="analyst")
    staff = UserFactory(role="staff")
    code = CodeFactory(codebook__consultation=question.consultation, label_en="Human rights")
    other = CodeFactory(codebook=code.codebook, label_en="Aid")
    campaign = [
        AnswerFactory(question=question, body=text)
        for text in planted_copies(random.Random(5))[:20]
    ]
    single = [
        AnswerFactory(question=question, body=f"Individual view {n} on aid.") for n in range(6)
    ]
    jobs.duplicates_detect(question=question)
    group = DuplicateGroup.objects.get()
    services.campaign_mark(group=group, by=staff, is_campaign=True)
    ids = [answer.pk for answer in [*campaign, *single]]
    services.coding_apply(analyst=analyst, code=code, question=question, answer_ids=ids)
    services.coding_apply(
        analyst=analyst, code=other, question=question, answer_ids=[a.pk for a in single]
    )

    figures = figures_compute(consultation=question.consultation, cutoff=timezone.now())
    coding = figures["coding"]["questions"][str(question.pk)]
    assert coding["coded"] == 7  # six answers and one campaign
    counts = {row["label_en"]: row["n"] for row in coding["codes"]}
    assert counts == {"Human rights": 7, "Aid": 6}
    assert coding["campaigns"][0]["size"] == 20

    run = ReportRun(consultation=question.consultation, cutoff=timezone.now())
    questions = list(report_questions(consultation=question.consultation))
    html = report_html(run=run, language="en", questions=questions, figures=figures, parts={})
    assert "A campaign signed by 20 participants" in html
    assert "Human rights" in html
    french = report_html(run=run, language="fr", questions=questions, figures=figures, parts={})
    assert "Une campagne signée par 20 personnes participantes" in french
