"""Demo answers: a few participants answering the questions of the demo consultation.

`demo_answers_create(consultation)` can run any number of times; it adds only
what is missing. Answers go to the questions whose English text contains their
`topic` words, or to the next free question when the paper has none such.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from moderation.models import Status
from moderation.pii import pii_found
from moderation.services import decision_record

from .models import Answer, Question
from .services import answer_search_sync


def _fr(text):
    """French typography: a non-breaking space before « : ; ? ! »."""
    for mark in ":;?!":
        text = text.replace(f" {mark}", f"\u00a0{mark}")
    return text


# e-mail, preferred language, province, age range
PARTICIPANTS = [
    ("demo-reader1@example.org", "en", "NS", "55-64"),
    ("demo-reader2@example.org", "fr", "QC", "35-44"),
    ("demo-reader3@example.org", "en", "ON", "25-34"),
    ("demo-reader4@example.org", "fr", "SK", "45-54"),
]

PUBLISHED, PENDING = Status.PUBLISHED, Status.PENDING

# (participant index, topic words, language, display name, status, featured, body)
ANSWERS = [
    (
        0,
        "main goal",
        "en",
        "Margaret from Halifax",
        PUBLISHED,
        True,
        "Canada should aim to be the country others call first when a crisis needs a "
        "patient, honest broker. That means a diplomatic service that is properly staffed "
        "and funded, not embassies shrunk to a desk and a flag. Ten years from now I would "
        "judge success by whether we helped settle two or three disputes that would "
        "otherwise have dragged on, and by whether our word was still trusted at the end.",
    ),
    (
        1,
        "beyond our borders",
        "fr",
        "Étienne",
        PUBLISHED,
        False,
        _fr(
            "Je travaille dans une usine de pièces d'automobile près de Sherbrooke. Quand "
            "la frontière ralentit ou qu'un tarif change à Washington, nous le sentons la "
            "semaine suivante : des quarts annulés, des commandes reportées. La politique "
            "étrangère n'a rien d'abstrait pour nous ; elle décide si nous travaillons "
            "quarante heures ou vingt-quatre."
        ),
    ),
    (
        2,
        "beyond our borders",
        "en",
        "",
        PUBLISHED,
        False,
        "My daughter's asthma got worse the summer that wildfire smoke from two provinces "
        "and three states sat over our town for weeks. Smoke does not stop at a border, so I "
        "cannot treat environmental cooperation as a side issue. For my family it is a "
        "health issue.",
    ),
    (
        3,
        "continue to be involved",
        "fr",
        "",
        PUBLISHED,
        False,
        _fr(
            "Une consultation comme celle-ci ne devrait pas rester un événement unique. Je "
            "propose un court bilan public chaque année : ce que le Ministère a retenu des "
            "contributions, ce qu'il a écarté et pourquoi. Savoir que nos idées sont lues, "
            "même quand elles sont refusées, donne envie de participer de nouveau."
        ),
    ),
    (
        0,
        "multilateral institutions",
        "en",
        "Margaret from Halifax",
        PUBLISHED,
        False,
        "Large institutions give middle powers a voice they would never have alone, so they "
        "should remain our first choice. But when the Security Council is deadlocked, waiting "
        "is also a decision with consequences. A smaller coalition can act, provided it "
        "reports back to the wider system and does not become a habit for avoiding hard "
        "negotiations.",
    ),
    (
        1,
        "economic integration",
        "fr",
        "Étienne",
        PENDING,
        False,
        _fr(
            "L'intégration avec les États-Unis et le Mexique nous a beaucoup apporté, mais "
            "elle nous rend vulnérables à une seule décision politique prise ailleurs. Je ne "
            "propose pas de tourner le dos à nos voisins ; je propose de ne plus mettre tous "
            "nos œufs dans le même panier. Des accords avec l'Europe et l'Asie, appuyés par "
            "une aide concrète aux PME qui veulent exporter, réduiraient ce risque."
        ),
    ),
    (
        2,
        "preventing conflict",
        "en",
        "Priya S.",
        PUBLISHED,
        False,
        "Yes. Money spent on mediation, police reform or keeping girls in school in a "
        "fragile state saves far more in peacekeeping later. I would rather see fewer "
        "programs run for longer, with local partners who will still be there when the "
        "cameras leave, than many short projects that stop when the funding cycle does.",
    ),
    (
        3,
        "only one thing",
        "en",
        "",
        PENDING,
        False,
        "Help the world through the climate transition without leaving poorer countries "
        "behind. Everything else, from migration to food prices, depends on it. I run a "
        "small community group on this and would be glad to talk: call me at 306-555-0147.",
    ),
    (
        1,
        "canadian values",
        "fr",
        "Étienne",
        PUBLISHED,
        False,
        _fr(
            "Le respect de la diversité et la primauté du droit. Nous les défendons mieux par "
            "l'exemple que par les discours : accueillir dignement les réfugiés, respecter "
            "nos propres engagements envers les peuples autochtones et tenir parole dans les "
            "traités que nous signons. Un pays qui prêche sans appliquer perd vite sa "
            "crédibilité."
        ),
    ),
    (
        2,
        "human rights",
        "en",
        "Priya S.",
        PUBLISHED,
        False,
        "Trade and human rights need not be a trade-off if we are consistent. Canada should "
        "say in advance which lines would suspend a trade agreement, apply them to friends "
        "and rivals alike, and back the Canadian companies that refuse to profit from forced "
        "labour. Quiet diplomacy has its place, but silence should never look like approval.",
    ),
    (
        3,
        "culture, education",
        "fr",
        "",
        PUBLISHED,
        False,
        _fr(
            "Un échange étudiant a changé ma vie : une session à Dakar m'en a appris plus sur "
            "le monde que dix cours. Le Canada devrait financer davantage ces séjours, surtout "
            "pour les jeunes des régions et des familles modestes, qui en profitent le moins "
            "aujourd'hui. Nos artistes en tournée sont aussi d'excellents ambassadeurs."
        ),
    ),
    (
        0,
        "three pillars",
        "en",
        "",
        PUBLISHED,
        False,
        "The three pillars still make sense, but I would group security and prosperity under "
        "one heading, resilience, since supply chains, pandemics and cyber attacks blur the "
        "line between them. Values and culture should come first rather than last: they "
        "explain why anyone abroad should listen to us at all.",
    ),
    (
        2,
        "canadian strengths",
        "fr",
        "Priya S.",
        PUBLISHED,
        False,
        _fr(
            "Nos universités, notre savoir-faire en énergie propre et en intelligence "
            "artificielle, et une population qui parle les langues du monde entier. La "
            "stratégie économique devrait miser sur ces atouts, par exemple en facilitant la "
            "venue de chercheurs étrangers et en aidant les jeunes entreprises à trouver "
            "leurs premiers clients hors du pays."
        ),
    ),
    (
        3,
        "military roles",
        "en",
        "A teacher in Regina",
        PUBLISHED,
        False,
        "A mix, weighted toward defending our own territory, the Arctic above all, and "
        "toward peacekeeping, where we have real expertise. Combat missions in a coalition "
        "should be rare, with a clear goal and an exit plan debated in Parliament before our "
        "troops leave, not after.",
    ),
    (
        0,
        "missed",
        "fr",
        "Margaret",
        PUBLISHED,
        False,
        _fr(
            "Le document parle peu des villes et des provinces, qui ont pourtant leurs propres "
            "liens avec le monde : jumelages, missions commerciales, ententes sur le climat. "
            "Une politique étrangère moderne gagnerait à coordonner ces efforts plutôt qu'à "
            "les ignorer."
        ),
    ),
]


def _participants():
    User = get_user_model()
    users = []
    for email, language, province, age_range in PARTICIPANTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(
                email=email,
                preferred_language=language,
                province=province,
                age_range=age_range,
                respondent_type="individual",
                profile_completed_at=timezone.now(),
            )
            user.set_unusable_password()
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users.append(user)
    return users


def _question_for(questions, topic, author, taken):
    """The question about `topic`, else the first one `author` has not answered yet."""
    matching = [q for q in questions if topic in q.text_en.lower()]
    for question in [*matching, *questions]:
        if (author.pk, question.pk) not in taken:
            return question
    return None


@transaction.atomic
def demo_answers_create(consultation):
    """Create the demo participants and their answers; returns how many answers were added."""
    questions = list(Question.objects.filter(consultation=consultation).order_by("id"))
    if not questions:
        return 0
    users = _participants()
    moderator = get_user_model().objects.filter(email="moderator@example.org").first()
    taken = set(
        Answer.objects.filter(author__in=users, question__in=questions).values_list(
            "author_id", "question_id"
        )
    )
    created = 0
    now = timezone.now()
    for position, (index, topic, language, name, status, featured, body) in enumerate(ANSWERS):
        author = users[index]
        if Answer.objects.filter(author=author, body=body).exists():
            continue
        question = _question_for(questions, topic, author, taken)
        if question is None:
            continue
        taken.add((author.pk, question.pk))
        # Spread the dates over the last weeks, oldest first, so the lists look lived in.
        submitted = now - timezone.timedelta(days=len(ANSWERS) - position, hours=position)
        answer = Answer.objects.create(
            question=question,
            author=author,
            body=body,
            language=language,
            consent_to_publish=True,
            display_name=name,
            status=status,
            featured=featured,
            pii_detected=pii_found(body),
            submitted_at=submitted,
            published_at=submitted + timezone.timedelta(hours=5) if status == PUBLISHED else None,
        )
        decision_record(
            moderator=None,
            target=answer,
            action="author-pending",
            from_status=Status.DRAFT,
            to_status=Status.PENDING,
        )
        if status == PUBLISHED:
            decision_record(
                moderator=moderator,
                target=answer,
                action=Status.PUBLISHED,
                from_status=Status.PENDING,
                to_status=Status.PUBLISHED,
            )
            answer_search_sync(answer)
        created += 1
    return created
