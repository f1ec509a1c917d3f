"""A generated consultation: a few thousand answers with every case the report must handle."""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import AgeRange, Province, RespondentType, User
from moderation.models import Status
from questions.models import Answer, Question
from tests.dialogue.factories import ChapterFactory, ConsultationFactory

EN_WORDS = [
    "peacekeeping",
    "security",
    "trade",
    "development",
    "climate",
    "human",
    "rights",
    "diplomacy",
    "refugees",
    "health",
    "education",
    "cooperation",
    "aid",
    "investment",
    "borders",
    "arctic",
    "oceans",
    "democracy",
]
FR_WORDS = [
    "maintien",
    "paix",
    "sécurité",
    "commerce",
    "développement",
    "climat",
    "droits",
    "humains",
    "diplomatie",
    "réfugiés",
    "santé",
    "éducation",
    "coopération",
    "aide",
    "investissement",
    "frontières",
    "arctique",
]
PII_SNIPPETS = [
    "Write to me at jane.doe@example.org please.",
    "Call me at 613-555-0199 any time.",
    "Mon courriel est paul@exemple.ca, merci.",
    "Téléphone : (819) 555-0142.",
    "Reach me on +44 20 7946 0958.",
]
# Provinces with very few people, to exercise the suppression.
RARE = {"NU": 2, "YT": 3, "PE": 4}


@dataclass
class Generated:
    consultation: object
    cutoff: datetime.datetime
    questions: list
    users: list = field(default_factory=list)
    pii: list = field(default_factory=list)


def generate(*, answers_wanted=3000, chapters=3, questions_per_chapter=2, seed=7):
    rng = random.Random(seed)
    now = timezone.now().replace(microsecond=0)
    consultation = ConsultationFactory(
        opens_at=now - datetime.timedelta(days=70), closes_at=now + datetime.timedelta(days=5)
    )
    questions = []
    for c in range(chapters):
        chapter = ChapterFactory(consultation=consultation, order=c + 1)
        for q in range(questions_per_chapter):
            questions.append(
                Question.objects.create(
                    consultation=consultation,
                    chapter=chapter,
                    order=q + 1,
                    text_en=f"Question {c + 1}.{q + 1}: what matters most?",
                    text_fr=f"Question {c + 1}.{q + 1} : qu'est-ce qui compte le plus?",
                )
            )
    people = answers_wanted // len(questions) + 30
    common = [p for p in Province.values if p not in RARE]
    provinces = [*(p for p, n in RARE.items() for _ in range(n))]
    provinces += [rng.choice([*common, ""]) for _ in range(people - len(provinces))]
    users = [
        User(
            email=f"gen{i}@example.org",
            province=provinces[i],
            age_range=rng.choice([*AgeRange.values, ""]),
            respondent_type=rng.choice(
                [RespondentType.INDIVIDUAL] * 5 + [RespondentType.ORGANISATION, ""]
            ),
        )
        for i in range(people)
    ]
    User.objects.bulk_create(users)
    users = list(User.objects.filter(email__startswith="gen").order_by("id"))

    cutoff = now - datetime.timedelta(days=1)
    generated = Generated(
        consultation=consultation, cutoff=cutoff, questions=questions, users=users
    )
    answers = []
    for question in questions:
        for user in users:
            if len(answers) >= answers_wanted * (questions.index(question) + 1) / len(questions):
                break
            language = "fr" if rng.random() < 0.35 else "en"
            words = FR_WORDS if language == "fr" else EN_WORDS
            body = " ".join(rng.choice(words) for _ in range(rng.randint(5, 25)))
            if rng.random() < 0.05:
                snippet = rng.choice(PII_SNIPPETS)
                body = f"{body} {snippet}"
                generated.pii.append(snippet)
            if rng.random() < 0.02:
                body = '=HYPERLINK("http://bad.example") ' + body
            roll = rng.random()
            status = Status.PUBLISHED
            if roll < 0.06:
                status = rng.choice(
                    [Status.PENDING, Status.REJECTED, Status.HIDDEN, Status.WITHDRAWN]
                )
            published_at = None
            if status == Status.PUBLISHED:
                # Spread over ten weeks; a few land after the cut-off.
                published_at = cutoff - datetime.timedelta(minutes=rng.randint(-600, 60 * 24 * 63))
            display = rng.choice(["", "", "Sam", "Lee", "contact me: sam@example.net"])
            answers.append(
                Answer(
                    question=question,
                    author=user,
                    body=body,
                    language=language,
                    consent_to_publish=rng.random() < 0.8,
                    display_name=display,
                    status=status,
                    featured=status == Status.PUBLISHED and rng.random() < 0.01,
                    submitted_at=published_at or cutoff,
                    published_at=published_at,
                )
            )
    Answer.objects.bulk_create(answers, batch_size=1000)
    return generated
