"""A large, realistic consultation made up in the database: for the benchmarks and tests.

`consultation_data_generate` adds participants, answers, forum threads and posts
(with their search documents) to a consultation, creating the consultation, its
chapters, questions and boards when they do not exist yet.

* PostgreSQL: the rows are written by `INSERT … SELECT … FROM generate_series`, a
  handful of statements whatever the volume (a million answers in a few minutes).
* Other databases (SQLite in the tests): the same distributions drawn in Python and
  written with `bulk_create`; slower, meant for a few thousand rows.

What the data looks like: texts of realistic lengths (one sentence to a long
page) in English and French (French more often from Quebec), participants in every
province and territory roughly in proportion to their population, answers spread
over the weeks the consultation is open, about 5 % of texts holding an e-mail
address or a phone number, about 3 % of answers sent by campaigns (the same text
word for word), and forum posts in threads of very different lengths on every board.
"""

import datetime
import math
import random
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from dialogue.models import (
    Chapter,
    Consultation,
    ConsultationState,
    ModerationMode,
    SearchEntry,
)
from forum.models import Board, Post, Thread
from forum.services import thread_summaries_fill
from moderation.models import Status
from moderation.pii import pii_mask, pii_plain
from questions.models import Answer, Question

T = TypeVar("T")
Weighted = Sequence[tuple[str, float]]

# Population shares (2021 census, rounded), plus people abroad and a blank profile.
PROVINCES: Weighted = [
    ("ON", 38.5),
    ("QC", 22.5),
    ("BC", 13.5),
    ("AB", 11.5),
    ("MB", 3.6),
    ("SK", 3.0),
    ("NS", 2.6),
    ("NB", 2.1),
    ("NL", 1.3),
    ("PE", 0.4),
    ("NT", 0.12),
    ("YT", 0.11),
    ("NU", 0.1),
    ("XX", 0.6),
    ("", 2.0),
]
AGE_RANGES: Weighted = [
    ("u18", 2),
    ("18-24", 9),
    ("25-34", 17),
    ("35-44", 18),
    ("45-54", 17),
    ("55-64", 17),
    ("65+", 15),
    ("", 5),
]
RESPONDENT_TYPES: Weighted = [("individual", 90), ("organisation", 6), ("", 4)]
ANSWER_STATUSES: Weighted = [
    (Status.PUBLISHED, 88),
    (Status.PENDING, 5),
    (Status.REJECTED, 3),
    (Status.DRAFT, 2),
    (Status.HIDDEN, 1),
    (Status.WITHDRAWN, 1),
]
POST_STATUSES: Weighted = [
    (Status.PUBLISHED, 94),
    (Status.PENDING, 3),
    (Status.REJECTED, 1),
    (Status.HIDDEN, 2),
]
# Share of French speakers by province; elsewhere 8 %.
FRENCH_SHARE = {"QC": 0.8, "NB": 0.32, "": 0.2, "XX": 0.3}
FRENCH_ELSEWHERE = 0.08
CONSENT_SHARE = 0.85
DISPLAY_NAME_SHARE = 0.3
PII_SHARE = 0.05
CAMPAIGN_SHARE = 0.03
# Questions answered by each participant (at most the number of questions).
ANSWERS_PER_PERSON = 4
POSTS_PER_THREAD = 8
FRAGMENTS = 2000  # pieces of text per language a body is made of (two or more of them)
ANSWER_PARTS = 8
POST_PARTS = 4

NAMES = [
    "Alex",
    "Sam",
    "Marie",
    "Jean",
    "Priya",
    "Wei",
    "Fatima",
    "Louis",
    "Chloé",
    "Noah",
    "Amira",
    "Gabriel",
    "Olivia",
    "Mathieu",
    "Aiyana",
    "Raj",
]
_EN_SUBJECTS = [
    "Canada",
    "Our foreign policy",
    "Peacekeeping",
    "Trade with Asia",
    "Development aid",
    "Climate diplomacy",
    "Arctic sovereignty",
    "Refugee resettlement",
    "Global health",
    "Our embassies",
    "Human rights work",
    "Ocean protection",
]
_EN_VERBS = [
    "should focus on",
    "must do more for",
    "has neglected",
    "could lead on",
    "ought to invest in",
    "needs a clear plan for",
    "would benefit from",
    "should stop ignoring",
]
_EN_OBJECTS = [
    "small island states",
    "women's education",
    "clean energy in Africa",
    "fair trade rules",
    "the rules-based order",
    "cyber security",
    "Indigenous partnerships",
    "food security",
    "democratic institutions abroad",
    "nuclear disarmament",
    "Arctic cooperation",
    "vaccine supply chains",
]
_EN_TAILS = [
    "",
    " in the next ten years",
    " before it is too late",
    ", as many of my neighbours agree",
    " with our allies",
    " and report on the results",
    ", which matters to my family",
]
_FR_SUBJECTS = [
    "Le Canada",
    "Notre politique étrangère",
    "Le maintien de la paix",
    "Le commerce avec l'Asie",
    "L'aide au développement",
    "La diplomatie climatique",
    "La souveraineté arctique",
    "La réinstallation des réfugiés",
    "La santé mondiale",
    "Nos ambassades",
    "La défense des droits de la personne",
    "La protection des océans",
]
_FR_VERBS = [
    "devrait miser sur",
    "doit en faire plus pour",
    "a négligé",
    "pourrait montrer la voie pour",
    "devrait investir dans",
    "a besoin d'un plan clair pour",
    "gagnerait à soutenir",
    "doit cesser d'ignorer",
]
_FR_OBJECTS = [
    "les petits États insulaires",
    "l'éducation des femmes",
    "l'énergie propre en Afrique",
    "des règles commerciales équitables",
    "l'ordre international fondé sur des règles",
    "la cybersécurité",
    "les partenariats avec les peuples autochtones",
    "la sécurité alimentaire",
    "les institutions démocratiques",
    "le désarmement nucléaire",
    "la coopération arctique",
    "l'approvisionnement en vaccins",
]
_FR_TAILS = [
    "",
    " au cours des dix prochaines années",
    " avant qu'il ne soit trop tard",
    ", comme beaucoup de mes voisins",
    " avec nos alliés",
    " et rendre compte des résultats",
    ", ce qui compte pour ma famille",
]
_WORDS = {
    "en": (_EN_SUBJECTS, _EN_VERBS, _EN_OBJECTS, _EN_TAILS),
    "fr": (_FR_SUBJECTS, _FR_VERBS, _FR_OBJECTS, _FR_TAILS),
}
CAMPAIGNS = {
    "en": [
        "I support the Fair Aid Coalition: Canada must raise development aid to 0.7 % "
        "of national income by 2030 and report every year on where it goes.",
        "Stop arms sales to countries that abuse human rights. Canada's exports must "
        "follow the Arms Trade Treaty, without exceptions.",
        "Protect the Arctic: no new drilling, and a seat at the table for the Inuit "
        "in every decision about the North.",
    ],
    "fr": [
        "J'appuie la Coalition pour une aide juste : le Canada doit porter l'aide au "
        "développement à 0,7 % du revenu national d'ici 2030.",
        "Cessons de vendre des armes aux pays qui bafouent les droits de la personne. "
        "Les exportations doivent respecter le Traité sur le commerce des armes.",
    ],
}
# `{n}` makes each address or number different.
PII_TEMPLATES = {
    "en": [
        "You can write to me at participant.{n}@example.org if you want details.",
        "Call me at 613-555-{n4} to talk about it.",
        "My e-mail is pat{n}@example.com.",
        "Phone: (416) 555-{n4}.",
    ],
    "fr": [
        "Écrivez-moi à participant.{n}@exemple.ca pour en savoir plus.",
        "Appelez-moi au 819-555-{n4}.",
        "Mon courriel : camille{n}@exemple.ca.",
        "Téléphone : (514) 555-{n4}.",
    ],
}
CHAPTERS = 4
QUESTIONS_PER_CHAPTER = 3
BATCH = 2000  # rows per bulk_create on the portable path
TEMP_TABLES = ["gen_fragment", "gen_person", "gen_question", "gen_board", "gen_thread"]


@dataclass(frozen=True)
class GeneratedSummary:
    """What one call added, and how long it took."""

    consultation_id: int
    slug: str
    people: int
    answers: int
    threads: int
    posts: int
    seconds: float
    bulk_sql: bool

    def line(self) -> str:
        how = "bulk SQL" if self.bulk_sql else "portable path"
        return (
            f"consultation {self.slug} (id {self.consultation_id}): {self.people:,} people, "
            f"{self.answers:,} answers, {self.threads:,} threads, {self.posts:,} posts "
            f"in {self.seconds:.1f} s ({how})"
        )


def _sentence(rng: random.Random, language: str) -> str:
    subjects, verbs, objects, tails = _WORDS[language]
    return f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(objects)}{rng.choice(tails)}."


def text_fragments(language: str, count: int = FRAGMENTS, seed: int = 14) -> list[str]:
    """`count` pieces of text of one or two sentences (50 to 250 characters)."""
    rng = random.Random(f"{seed}-{language}")
    return [
        " ".join(_sentence(rng, language) for _ in range(rng.randint(1, 2))) for _ in range(count)
    ]


def thread_titles(language: str, count: int = 60, seed: int = 14) -> list[str]:
    rng = random.Random(f"{seed}-{language}-titles")
    return [_sentence(rng, language).rstrip(".")[:120] for _ in range(count)]


def pii_snippet(language: str, n: int) -> str:
    templates = PII_TEMPLATES[language]
    return templates[n % len(templates)].format(n=n, n4=f"{n % 10000:04d}")


def _pick(rng: random.Random, weighted: Weighted) -> str:
    return rng.choices([value for value, _w in weighted], [w for _v, w in weighted])[0]


def _case_sql(weighted: Weighted, draw: str) -> str:
    """A CASE expression picking a value of `weighted` from `draw`, a number in [0, 1)."""
    total = sum(weight for _value, weight in weighted)
    parts, running = [], 0.0
    for value, weight in weighted[:-1]:
        running += weight / total
        parts.append(f"WHEN {draw} < {running:.6f} THEN '{value}'")
    return f"(CASE {' '.join(parts)} ELSE '{weighted[-1][0]}' END)"


# --- the consultation's frame -------------------------------------------------------


def _consultation_prepare(slug: str | None, now: datetime.datetime) -> Consultation:
    """The consultation named `slug` (either language), else a new open one that becomes
    the current consultation, so the public pages show it."""
    if slug:
        found = Consultation.objects.filter(models.Q(slug_en=slug) | models.Q(slug_fr=slug)).first()
        if found:
            return found
    slug = slug or f"generated-{secrets.token_hex(3)}"
    Consultation.objects.filter(is_current=True).update(is_current=False)
    return Consultation.objects.create(
        title_en=f"Generated consultation ({slug})",
        title_fr=f"Consultation générée ({slug})",
        slug_en=slug,
        slug_fr=slug,
        opens_at=now - datetime.timedelta(weeks=12),
        closes_at=now + datetime.timedelta(weeks=1),
        state=ConsultationState.OPEN,
        moderation_mode=ModerationMode.PRE,
        is_current=True,
    )


def _questions_prepare(consultation: Consultation) -> list[Question]:
    questions = list(Question.objects.filter(consultation=consultation).order_by("id"))
    if questions:
        return questions
    for c in range(1, CHAPTERS + 1):
        chapter = Chapter.objects.create(
            consultation=consultation,
            order=c,
            title_en=f"Chapter {c}",
            title_fr=f"Chapitre {c}",
            slug_en=f"chapter-{c}",
            slug_fr=f"chapitre-{c}",
            summary_en="Generated chapter.",
            summary_fr="Chapitre généré.",
            body_en="A generated chapter of the paper.",
            body_fr="Un chapitre généré du document.",
            published=True,
        )
        for q in range(1, QUESTIONS_PER_CHAPTER + 1):
            questions.append(
                Question.objects.create(
                    consultation=consultation,
                    chapter=chapter,
                    order=q,
                    text_en=f"What should Canada do about topic {c}.{q}?",
                    text_fr=f"Que devrait faire le Canada au sujet du thème {c}.{q} ?",
                )
            )
    return questions


def _boards_prepare(consultation: Consultation) -> list[Board]:
    boards = list(Board.objects.filter(consultation=consultation).order_by("id"))
    if boards:
        return boards
    chapters = list(Chapter.objects.filter(consultation=consultation).order_by("order"))
    prefix = consultation.pk
    boards.append(
        Board.objects.create(
            consultation=consultation,
            order=0,
            slug_en=f"general-{prefix}",
            slug_fr=f"general-{prefix}",
            title_en="General discussion",
            title_fr="Discussion générale",
        )
    )
    for index, chapter in enumerate(chapters, start=1):
        boards.append(
            Board.objects.create(
                consultation=consultation,
                order=index,
                slug_en=f"{chapter.slug_en}-{prefix}",
                slug_fr=f"{chapter.slug_fr or chapter.slug_en}-{prefix}",
                title_en=f"About {chapter.title_en}",
                title_fr=f"À propos : {chapter.title_fr or chapter.title_en}",
                chapter=chapter,
            )
        )
    return boards


def _people_needed(answers: int, posts: int, questions: int) -> int:
    per_person = min(questions, ANSWERS_PER_PERSON)
    return max(math.ceil(answers / per_person) if answers else 0, math.ceil(posts / 20), 1)


def _url_pattern(name: str, language: str) -> str:
    """The URL of object 987654321 under `name`, with the number as `{pk}`."""
    with translation.override(language):
        return reverse(name, kwargs={"pk": 987654321}).replace("987654321", "{pk}")


# --- PostgreSQL: a few INSERT … SELECT statements ----------------------------------------


def _insert_select(
    cursor: Any, model: type[models.Model], values: dict[str, str], source: str
) -> int:
    """INSERT INTO `model`'s table every column: those in `values` from their SQL
    expressions, the others from their field default. Returns the rows written."""
    columns, expressions, params = [], [], []
    for field in model._meta.concrete_fields:
        # A concrete field always has a column; the test only tells the type checker.
        if field.primary_key or field.column is None:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in values:
            # Parameters follow: a literal % (modulo, LIKE) is written %%.
            expressions.append(values[field.column].replace("%", "%%"))
        elif field.null and not field.has_default():
            expressions.append("NULL")
        else:
            expressions.append("%s")
            params.append(field.get_db_prep_save(field.get_default(), connection))
    table = connection.ops.quote_name(model._meta.db_table)
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} "
        f"{source.replace('%', '%%')}",  # nosec B608 # columns from the model, values built here
        params,
    )
    return int(cursor.rowcount)


def _french_sql(province: str) -> str:
    cases = " ".join(f"WHEN '{p}' THEN {share}" for p, share in FRENCH_SHARE.items())
    return f"(CASE {province} {cases} ELSE {FRENCH_ELSEWHERE} END)"


def _fragments_table(cursor: Any, seed: int) -> None:
    cursor.execute(
        "CREATE TEMP TABLE gen_fragment (lang text, n int, body text, PRIMARY KEY (lang, n)) "
        "ON COMMIT DROP"
    )
    rows: list[tuple[str, int, str]] = []
    for language in ("en", "fr"):
        rows += [(language, n, t) for n, t in enumerate(text_fragments(language, seed=seed))]
        rows += [(f"c{language}", n, t) for n, t in enumerate(CAMPAIGNS[language])]  # campaigns
        rows += [(f"t{language}", n, t) for n, t in enumerate(thread_titles(language, seed=seed))]
    cursor.executemany("INSERT INTO gen_fragment VALUES (%s, %s, %s)", rows)


def _postgres_people(cursor: Any, count: int, tag: str, now: datetime.datetime) -> None:
    names = "ARRAY[" + ", ".join(f"'{n}'" for n in NAMES) + "]"
    _insert_select(
        cursor,
        User,
        {
            "password": "'!'",
            "email": f"'gen-{tag}-' || n || '@example.org'",
            "is_active": "true",
            "date_joined": f"{_literal(now)}::timestamptz - (random() * interval '90 days')",
            "province": _case_sql(PROVINCES, "r_province"),
            "age_range": _case_sql(AGE_RANGES, "random()"),
            "respondent_type": _case_sql(RESPONDENT_TYPES, "random()"),
            "display_name": (
                f"CASE WHEN random() < {DISPLAY_NAME_SHARE} THEN "
                f"({names})[1 + n % {len(NAMES)}] || ' ' || chr(65 + (n / 7) % 26) || '.' "
                "ELSE '' END"
            ),
            "profile_completed_at": f"{_literal(now)}::timestamptz",
        },
        f"FROM (SELECT n, random() AS r_province FROM generate_series(0, {count - 1}) n) g",  # nosec B608 # built from this module's constants
    )
    # preferred_language follows the province: a second pass reads the province written.
    cursor.execute(
        "UPDATE accounts_user SET preferred_language = CASE WHEN random() < "  # nosec B608 # constants
        f"{_french_sql('province')} THEN 'fr' ELSE 'en' END WHERE email LIKE %s",
        [f"gen-{tag}-%"],
    )
    cursor.execute(
        "CREATE TEMP TABLE gen_person ON COMMIT DROP AS "
        "SELECT (row_number() OVER (ORDER BY id) - 1)::int AS n, id, preferred_language AS lang, "
        "display_name FROM accounts_user WHERE email LIKE %s",
        [f"gen-{tag}-%"],
    )
    cursor.execute("ALTER TABLE gen_person ADD PRIMARY KEY (n)")


def _literal(value: datetime.datetime) -> str:
    return "'" + value.isoformat() + "'"


def _body_sql(alias: str, parts: int) -> str:
    """concat_ws of up to `parts` fragments joined as f1…fN (NULL when not drawn)."""
    return "concat_ws(' ', " + ", ".join(f"{alias}{i}.body" for i in range(1, parts + 1)) + ")"


def _fragment_draws(parts: int) -> str:
    """Columns k1…kN: an independent fragment number for each part, and `parts`, how
    many of them a text uses (two at least, short texts the most common)."""
    draws = ", ".join(f"floor(random() * {FRAGMENTS})::int AS k{i}" for i in range(1, parts + 1))
    return f"{draws}, 2 + floor(power(random(), 1.8) * {parts - 1})::int AS parts"


def _fragment_joins(alias: str, parts: int) -> str:
    return " ".join(
        f"LEFT JOIN gen_fragment {alias}{i} ON {alias}{i}.lang = g.lang "
        f"AND {alias}{i}.n = g.k{i} AND g.parts >= {i}"
        for i in range(1, parts + 1)
    )


def _pii_sql(language: str, n: str) -> str:
    """The SQL twin of `pii_snippet`."""
    whens = []
    for lang in ("en", "fr"):
        templates = PII_TEMPLATES[lang]
        for index, template in enumerate(templates):
            sql = "'" + template.replace("'", "''") + "'"
            sql = sql.replace("{n}", f"' || {n} || '").replace(
                "{n4}", f"' || lpad(({n} % 10000)::text, 4, '0') || '"
            )
            whens.append(
                f"WHEN {language} = '{lang}' AND {n} % {len(templates)} = {index} THEN {sql}"
            )
    return f"(CASE {' '.join(whens)} END)"


def _postgres_answers(
    cursor: Any,
    *,
    count: int,
    questions: list[Question],
    people: int,
    opens: datetime.datetime,
    until: datetime.datetime,
) -> None:
    cursor.execute("CREATE TEMP TABLE gen_question (n int PRIMARY KEY, id int) ON COMMIT DROP")
    cursor.executemany(
        "INSERT INTO gen_question VALUES (%s, %s)", list(enumerate(q.pk for q in questions))
    )
    per_person = min(len(questions), ANSWERS_PER_PERSON)
    span = (until - opens).total_seconds()
    status = _case_sql(ANSWER_STATUSES, "g.r_status")
    # Person n answers `per_person` questions, consecutive from a starting point that
    # varies with n, so no one answers a question twice and each question gets its share.
    source = f"""
        FROM (
            SELECT i, p.id AS author_id, p.display_name AS person_name,
                   CASE WHEN random() < 0.95 THEN p.lang
                        WHEN p.lang = 'fr' THEN 'en' ELSE 'fr' END AS lang,
                   (i / {per_person}) AS person,
                   ((i / {per_person}) * 5 + i % {per_person}) % {len(questions)} AS qn,
                   (random() * 1e9)::bigint AS draw, {_fragment_draws(ANSWER_PARTS)},
                   random() AS r_status, random() AS r_pii, random() AS r_campaign,
                   random() AS r_consent,
                   {_literal(opens)}::timestamptz
                       + power(random(), 0.85) * interval '{span:.0f} seconds' AS at
            FROM generate_series(0, {count - 1}) i
            JOIN gen_person p ON p.n = i / {per_person}
        ) g
        JOIN gen_question q ON q.n = g.qn
        LEFT JOIN gen_fragment c ON g.r_campaign < {CAMPAIGN_SHARE}
             AND c.lang = 'c' || g.lang
             AND c.n = g.draw % (CASE WHEN g.lang = 'fr' THEN {len(CAMPAIGNS["fr"])}
                                      ELSE {len(CAMPAIGNS["en"])} END)
        {_fragment_joins("f", ANSWER_PARTS)}
    """  # nosec B608 # built from this module's constants
    body = (
        f"CASE WHEN c.body IS NOT NULL THEN c.body "
        f"WHEN g.r_pii < {PII_SHARE} THEN {_body_sql('f', ANSWER_PARTS)} || ' ' || {_pii_sql('g.lang', 'g.i')} "
        f"ELSE {_body_sql('f', ANSWER_PARTS)} END"
    )
    submitted = f"CASE WHEN {status} = 'draft' THEN NULL ELSE g.at END"
    published = (
        f"CASE WHEN {status} IN ('published', 'hidden', 'withdrawn') "
        f"THEN LEAST(g.at + (g.r_consent * interval '2 days'), {_literal(until)}::timestamptz) END"
    )
    values = {
        "question_id": "q.id",
        "author_id": "g.author_id",
        "body": body,
        "language": "g.lang",
        "consent_to_publish": f"g.r_consent < {CONSENT_SHARE}",
        "display_name": "g.person_name",
        "status": status,
        "pii_detected": f"c.body IS NULL AND g.r_pii < {PII_SHARE}",
        "created_at": "g.at - interval '20 minutes'",
        "updated_at": "g.at",
        "submitted_at": submitted,
        "published_at": published,
    }
    _insert_select(cursor, Answer, values, source)


def _postgres_forum(
    cursor: Any,
    *,
    posts: int,
    boards: list[Board],
    people: int,
    opens: datetime.datetime,
    until: datetime.datetime,
    first_thread_id: int,
) -> int:
    threads = max(1, math.ceil(posts / POSTS_PER_THREAD))
    cursor.execute("CREATE TEMP TABLE gen_board (n int PRIMARY KEY, id int) ON COMMIT DROP")
    cursor.executemany(
        "INSERT INTO gen_board VALUES (%s, %s)", list(enumerate(b.pk for b in boards))
    )
    span = (until - opens).total_seconds()
    status = _case_sql(POST_STATUSES, "g.r_status")
    _insert_select(
        cursor,
        Thread,
        {
            "board_id": "b.id",
            "title": "t.body",
            "author_id": "p.id",
            "language": "p.lang",
            "status": status,
            "created_at": "g.at",
            "last_activity_at": "g.at",
        },
        f"""FROM (
                SELECT i, random() AS r_status, (random() * {people})::int % {people} AS pn,
                       (random() * 1e6)::int AS draw,
                       {_literal(opens)}::timestamptz
                           + power(random(), 0.8) * interval '{span:.0f} seconds' AS at
                FROM generate_series(0, {threads - 1}) i
            ) g
            JOIN gen_person p ON p.n = g.pn
            JOIN gen_board b ON b.n = g.i % {len(boards)}
            JOIN gen_fragment t ON t.lang = 't' || p.lang AND t.n = g.draw % 60
            ORDER BY g.i""",  # nosec B608 # built from this module's constants
    )
    cursor.execute(
        "CREATE TEMP TABLE gen_thread ON COMMIT DROP AS SELECT "
        "(row_number() OVER (ORDER BY id) - 1)::int AS n, id, language AS lang, status, "
        "created_at FROM forum_thread WHERE id >= %s",
        [first_thread_id],
    )
    cursor.execute("ALTER TABLE gen_thread ADD PRIMARY KEY (n)")
    reply_status = _case_sql(POST_STATUSES, "g.r_status")
    body = (
        f"CASE WHEN g.r_pii < {PII_SHARE} THEN {_body_sql('f', POST_PARTS)} || ' ' || "
        f"{_pii_sql('g.lang', 'g.i')} ELSE {_body_sql('f', POST_PARTS)} END"
    )
    # The first `threads` posts open their thread; the others reply, most of them in a
    # few busy threads (the square of a uniform draw).
    _insert_select(
        cursor,
        Post,
        {
            "thread_id": "g.thread_id",
            "author_id": "p.id",
            "body": body,
            "body_html": f"'<p>' || {body} || '</p>'",
            "language": "g.lang",
            "display_name": "p.display_name",
            "status": f"CASE WHEN g.opening THEN g.thread_status ELSE {reply_status} END",
            "is_opening": "g.opening",
            "pii_detected": f"g.r_pii < {PII_SHARE}",
            "created_at": "g.at",
            "published_at": "CASE WHEN (CASE WHEN g.opening THEN g.thread_status ELSE "
            f"{reply_status} END) = 'published' THEN g.at END",
        },
        f"""FROM (
                SELECT s.i, s.opening, t.id AS thread_id, t.status AS thread_status,
                       CASE WHEN s.opening THEN t.lang
                            WHEN random() < 0.9 THEN t.lang
                            WHEN t.lang = 'fr' THEN 'en' ELSE 'fr' END AS lang,
                       CASE WHEN s.opening THEN t.created_at
                            ELSE LEAST(t.created_at + power(random(), 2) * interval '21 days',
                                       {_literal(until)}::timestamptz) END AS at,
                       (random() * {people})::int % {people} AS pn,
                       {_fragment_draws(POST_PARTS)},
                       random() AS r_status, random() AS r_pii
                FROM (
                    SELECT i, i < {threads} AS opening,
                           CASE WHEN i < {threads} THEN i
                                ELSE floor(power(random(), 2) * {threads})::int END AS tn
                    FROM generate_series(0, {posts - 1}) i
                ) s
                JOIN gen_thread t ON t.n = s.tn
            ) g
            JOIN gen_person p ON p.n = g.pn
            {_fragment_joins("f", POST_PARTS)}
            ORDER BY g.i""",  # nosec B608 # built from this module's constants
    )
    cursor.execute(
        "UPDATE forum_thread t SET last_activity_at = m.last FROM ("
        "SELECT thread_id, max(created_at) AS last FROM forum_post WHERE thread_id >= %s "
        "GROUP BY thread_id) m WHERE t.id = m.thread_id",
        [first_thread_id],
    )
    # The reply counts and opening names the thread lists read.
    thread_summaries_fill(first_thread_id=first_thread_id)
    return threads


def _postgres_search(
    cursor: Any, consultation: Consultation, first_answer_id: int, first_post_id: int
) -> None:
    """The search documents of the new published answers and posts, as the services
    write them. Texts that may hold personal information are masked in Python."""
    configs = "CASE %s WHEN 'fr' THEN 'french_unaccent' ELSE 'english_unaccent' END::regconfig"
    answer_urls = {lang: _url_pattern("questions:question_answers", lang) for lang in ("en", "fr")}
    thread_urls = {lang: _url_pattern("forum:thread", lang) for lang in ("en", "fr")}

    def url_sql(patterns: dict[str, str], pk: str, anchor: str) -> str:
        # Executed with parameters: a % of the quoted URL is written %%.
        en, fr = (
            "'"
            + patterns[lang].replace("%", "%%").replace("{pk}", f"' || {pk} || '")
            + f"#{anchor}-' || "
            for lang in ("en", "fr")
        )
        return f"CASE WHEN lang = 'fr' THEN {fr} id ELSE {en} id END"

    documents = [
        (
            "answer",
            f"""SELECT a.id, a.language AS lang,
                       CASE WHEN a.language = 'fr'
                            THEN coalesce(nullif(q.text_fr, ''), q.text_en)
                            ELSE coalesce(nullif(q.text_en, ''), q.text_fr) END AS title,
                       a.body, a.question_id AS parent_id
                FROM questions_answer a JOIN questions_question q ON q.id = a.question_id
                WHERE a.id >= {first_answer_id} AND a.status = 'published'
                  AND a.consent_to_publish""",  # nosec B608 # built from this module's constants
            url_sql(answer_urls, "parent_id", "answer"),
        ),
        (
            "post",
            f"""SELECT p.id, p.language AS lang, t.title, p.body, p.thread_id AS parent_id
                FROM forum_post p JOIN forum_thread t ON t.id = p.thread_id
                WHERE p.id >= {first_post_id} AND p.status = 'published'""",  # nosec B608 # built from this module's constants
            url_sql(thread_urls, "parent_id", "post"),
        ),
    ]
    for kind, rows, url in documents:
        # Texts with no "@" and no run of digits cannot hold an address or a number:
        # they go in as they are, the others through the masking.
        clean = "body !~ '[@0-9]' AND title !~ '[@0-9]'"
        cursor.execute(
            f"""INSERT INTO dialogue_searchentry
                    (consultation_id, kind, object_id, language, title, body, url, vector, updated_at)
                SELECT %s, %s, id, lang, left(title, 300), body, {url},
                       setweight(to_tsvector({configs % "lang"}, title), 'A')
                       || setweight(to_tsvector({configs % "lang"}, body), 'B'),
                       now()
                FROM ({rows}) d WHERE {clean}""",  # nosec B608 # built from constants here
            [consultation.pk, kind],
        )
        insert = f"""INSERT INTO dialogue_searchentry
                    (consultation_id, kind, object_id, language, title, body, url, vector, updated_at)
                VALUES (%s, %s, %s, %s, %s, %s, %s,
                        setweight(to_tsvector({configs % "%s"}, %s), 'A')
                        || setweight(to_tsvector({configs % "%s"}, %s), 'B'), now())"""  # nosec B608 # built from this module's constants
        # A server-side cursor (inside the caller's transaction): a batch at a time.
        with connection.connection.cursor(name=f"gen_masked_{kind}") as flagged:
            flagged.execute(
                f"SELECT id, lang, title, body, {url} FROM ({rows}) d WHERE NOT ({clean})",  # nosec B608
                [],
            )
            while batch := flagged.fetchmany(BATCH):
                cursor.executemany(
                    insert,
                    [
                        (
                            *(consultation.pk, kind, pk, lang),
                            pii_mask(title, lang)[:300],
                            pii_plain(body, lang),
                            link,
                            lang,
                            pii_mask(title, lang)[:300],
                            lang,
                            pii_plain(body, lang),
                        )
                        for pk, lang, title, body, link in batch
                    ],
                )


def _generate_postgres(
    consultation: Consultation,
    questions: list[Question],
    boards: list[Board],
    *,
    answers: int,
    posts: int,
    people: int,
    tag: str,
    seed: int,
    search: bool,
    now: datetime.datetime,
    progress: Callable[[str], None],
) -> int:
    opens = consultation.opens_at
    until = min(consultation.closes_at, now)
    threads = 0
    with transaction.atomic(), connection.cursor() as cursor:
        # ON COMMIT DROP does not fire inside an outer transaction (the tests): drop them.
        cursor.execute(f"DROP TABLE IF EXISTS {', '.join(TEMP_TABLES)}")
        cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
        _fragments_table(cursor, seed)
        started = time.perf_counter()
        _postgres_people(cursor, people, tag, now)
        progress(f"{people:,} people in {time.perf_counter() - started:.1f} s")
        cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM questions_answer")
        first_answer = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM forum_post")
        first_post = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM forum_thread")
        first_thread = cursor.fetchone()[0]
        if answers:
            started = time.perf_counter()
            _postgres_answers(
                cursor, count=answers, questions=questions, people=people, opens=opens, until=until
            )
            progress(f"{answers:,} answers in {time.perf_counter() - started:.1f} s")
        if posts:
            started = time.perf_counter()
            threads = _postgres_forum(
                cursor,
                posts=posts,
                boards=boards,
                people=people,
                opens=opens,
                until=until,
                first_thread_id=first_thread,
            )
            progress(
                f"{threads:,} threads, {posts:,} posts in {time.perf_counter() - started:.1f} s"
            )
        if search:
            started = time.perf_counter()
            _postgres_search(cursor, consultation, first_answer, first_post)
            progress(f"search documents in {time.perf_counter() - started:.1f} s")
        cursor.execute(f"DROP TABLE IF EXISTS {', '.join(TEMP_TABLES)}")
    with connection.cursor() as cursor:
        for table in ("accounts_user", "questions_answer", "forum_thread", "forum_post"):
            cursor.execute(f"ANALYZE {table}")  # nosec B608 # fixed table names
        if search:
            cursor.execute("ANALYZE dialogue_searchentry")
    return threads


# --- other databases: the same distributions in Python ---------------------------------


def _batches(items: Iterable[T], size: int = BATCH) -> Iterable[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _generate_portable(
    consultation: Consultation,
    questions: list[Question],
    boards: list[Board],
    *,
    answers: int,
    posts: int,
    people: int,
    tag: str,
    seed: int,
    search: bool,
    now: datetime.datetime,
    progress: Callable[[str], None],
) -> int:
    rng = random.Random(seed)
    opens = consultation.opens_at
    span = (min(consultation.closes_at, now) - opens).total_seconds()
    until = opens + datetime.timedelta(seconds=span)
    fragments = {lang: text_fragments(lang, seed=seed) for lang in ("en", "fr")}
    titles = {lang: thread_titles(lang, seed=seed) for lang in ("en", "fr")}

    def body(language: str, n: int, most: int) -> tuple[str, bool]:
        parts = 2 + int(rng.random() ** 1.8 * (most - 1))
        text = " ".join(rng.choice(fragments[language]) for _ in range(parts))
        if rng.random() < PII_SHARE:
            return f"{text} {pii_snippet(language, n)}", True
        return text, False

    def moment(skew: float) -> datetime.datetime:
        return opens + datetime.timedelta(seconds=rng.random() ** skew * span)

    with transaction.atomic():
        persons: list[User] = []
        for n in range(people):
            province = _pick(rng, PROVINCES)
            french = rng.random() < FRENCH_SHARE.get(province, FRENCH_ELSEWHERE)
            persons.append(
                User(
                    email=f"gen-{tag}-{n}@example.org",
                    password="!",  # noqa: S106  # nosec B106 # an unusable password
                    province=province,
                    age_range=_pick(rng, AGE_RANGES),
                    respondent_type=_pick(rng, RESPONDENT_TYPES),
                    preferred_language="fr" if french else "en",
                    display_name=(
                        f"{NAMES[n % len(NAMES)]} {chr(65 + (n // 7) % 26)}."
                        if rng.random() < DISPLAY_NAME_SHARE
                        else ""
                    ),
                    date_joined=now - datetime.timedelta(days=rng.random() * 90),
                    profile_completed_at=now,
                )
            )
        for batch in _batches(persons):
            User.objects.bulk_create(batch)
        persons = list(User.objects.filter(email__startswith=f"gen-{tag}-").order_by("id"))
        progress(f"{people:,} people")

        per_person = min(len(questions), ANSWERS_PER_PERSON)

        def answer_rows() -> Iterable[Answer]:
            for i in range(answers):
                person = persons[i // per_person]
                question = questions[((i // per_person) * 5 + i % per_person) % len(questions)]
                own = person.preferred_language
                language = own if rng.random() < 0.95 else ("en" if own == "fr" else "fr")
                if rng.random() < CAMPAIGN_SHARE:
                    text, pii = rng.choice(CAMPAIGNS[language]), False
                else:
                    text, pii = body(language, i, ANSWER_PARTS)
                status = _pick(rng, ANSWER_STATUSES)
                at = moment(0.85)
                consent_draw = rng.random()
                yield Answer(
                    question=question,
                    author=person,
                    body=text,
                    language=language,
                    consent_to_publish=consent_draw < CONSENT_SHARE,
                    display_name=person.display_name,
                    status=status,
                    pii_detected=pii,
                    submitted_at=None if status == Status.DRAFT else at,
                    published_at=(
                        min(at + datetime.timedelta(days=2 * consent_draw), until)
                        if status in (Status.PUBLISHED, Status.HIDDEN, Status.WITHDRAWN)
                        else None
                    ),
                )

        for answer_batch in _batches(answer_rows()):
            Answer.objects.bulk_create(answer_batch)
        progress(f"{answers:,} answers")

        thread_count = max(1, math.ceil(posts / POSTS_PER_THREAD)) if posts else 0
        threads: list[Thread] = []
        for i in range(thread_count):
            person = rng.choice(persons)
            at = moment(0.8)
            threads.append(
                Thread(
                    board=boards[i % len(boards)],
                    title=rng.choice(titles[person.preferred_language]),
                    author=person,
                    language=person.preferred_language,
                    status=_pick(rng, POST_STATUSES),
                    last_activity_at=at,
                )
            )
        # bulk_create stamps auto_now_add fields with the present: the made-up moments
        # go in afterwards with bulk_update, which writes the attributes as they are.
        for thread_batch in _batches(threads):
            Thread.objects.bulk_create(thread_batch)
        for thread in threads:
            thread.created_at = thread.last_activity_at
        Thread.objects.bulk_update(threads, ["created_at"], batch_size=BATCH)
        post_rows: list[Post] = []
        moments: list[datetime.datetime] = []
        last: dict[int, datetime.datetime] = {}
        for i in range(posts):
            opening = i < thread_count
            thread = threads[i if opening else int(rng.random() ** 2 * thread_count)]
            person = rng.choice(persons)
            language = (
                thread.language
                if opening or rng.random() < 0.9
                else ("en" if thread.language == "fr" else "fr")
            )
            text, pii = body(language, i, POST_PARTS)
            status = thread.status if opening else _pick(rng, POST_STATUSES)
            at = (
                thread.created_at
                if opening
                else min(thread.created_at + datetime.timedelta(days=21 * rng.random() ** 2), until)
            )
            last[thread.pk] = max(last.get(thread.pk, at), at)
            post = Post(
                thread=thread,
                author=person,
                body=text,
                body_html=f"<p>{text}</p>",
                language=language,
                display_name=person.display_name,
                status=status,
                is_opening=opening,
                pii_detected=pii,
                published_at=at if status == Status.PUBLISHED else None,
            )
            post_rows.append(post)
            moments.append(at)
        for post_batch in _batches(post_rows):
            Post.objects.bulk_create(post_batch)
        for post, at in zip(post_rows, moments, strict=True):
            post.created_at = at
        Post.objects.bulk_update(post_rows, ["created_at"], batch_size=BATCH)
        for thread in threads:
            if thread.pk in last and last[thread.pk] != thread.last_activity_at:
                Thread.objects.filter(pk=thread.pk).update(last_activity_at=last[thread.pk])
        if threads:
            thread_summaries_fill(first_thread_id=threads[0].pk)
        progress(f"{thread_count:,} threads, {posts:,} posts")

        if search:
            _portable_search(consultation, tag)
    return thread_count


def _portable_search(consultation: Consultation, tag: str) -> None:
    urls = {lang: _url_pattern("questions:question_answers", lang) for lang in ("en", "fr")}
    thread_urls = {lang: _url_pattern("forum:thread", lang) for lang in ("en", "fr")}
    entries: list[SearchEntry] = []
    for answer in Answer.objects.filter(
        author__email__startswith=f"gen-{tag}-",
        status=Status.PUBLISHED,
        consent_to_publish=True,
    ).select_related("question"):
        with translation.override(answer.language):
            title = answer.question.text
        entries.append(
            SearchEntry(
                consultation=consultation,
                kind="answer",
                object_id=answer.pk,
                language=answer.language,
                title=title[:300],
                body=pii_plain(answer.body, answer.language),
                url=urls[answer.language].format(pk=answer.question_id) + f"#answer-{answer.pk}",
            )
        )
    for post in Post.objects.filter(
        author__email__startswith=f"gen-{tag}-", status=Status.PUBLISHED
    ).select_related("thread"):
        entries.append(
            SearchEntry(
                consultation=consultation,
                kind="post",
                object_id=post.pk,
                language=post.language,
                title=pii_mask(post.thread.title, post.thread.language)[:300],
                body=pii_plain(post.body, post.language),
                url=thread_urls[post.language].format(pk=post.thread_id) + f"#post-{post.pk}",
            )
        )
    for batch in _batches(entries):
        SearchEntry.objects.bulk_create(batch)


# --- the entry point ----------------------------------------------------------------


def consultation_data_generate(
    *,
    answers: int,
    posts: int,
    slug: str | None = None,
    seed: int = 14,
    search: bool = True,
    progress: Callable[[str], None] | None = None,
) -> GeneratedSummary:
    """Add `answers` answers and `posts` forum posts (with the people who wrote them) to
    the consultation `slug`, made up when it does not exist. Safe to call again: every
    call adds new people, so answers never collide with earlier ones."""
    if answers < 0 or posts < 0:
        raise ValueError("answers and posts cannot be negative")
    report = progress or (lambda _line: None)
    started = time.perf_counter()
    now = timezone.now()
    consultation = _consultation_prepare(slug, now)
    questions = _questions_prepare(consultation)
    boards = _boards_prepare(consultation)
    people = _people_needed(answers, posts, len(questions))
    tag = f"{consultation.pk}-{secrets.token_hex(3)}"
    postgres = connection.vendor == "postgresql"
    generate = _generate_postgres if postgres else _generate_portable
    threads = generate(
        consultation,
        questions,
        boards,
        answers=answers,
        posts=posts,
        people=people,
        tag=tag,
        seed=seed,
        search=search,
        now=now,
        progress=report,
    )
    return GeneratedSummary(
        consultation_id=consultation.pk,
        slug=consultation.slug_en or consultation.slug,
        people=people,
        answers=answers,
        threads=threads,
        posts=posts,
        seconds=time.perf_counter() - started,
        bulk_sql=postgres,
    )


__all__ = ["GeneratedSummary", "consultation_data_generate", "pii_snippet", "text_fragments"]
