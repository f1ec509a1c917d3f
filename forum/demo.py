"""Demo threads and posts on the boards of a consultation, in both languages."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from dialogue.markdown import render_user_text
from dialogue.models import Consultation
from moderation.models import Reason, Status
from moderation.services import status_change

from .models import Post, Subscription, Thread
from .services import _search_upsert, thread_summary_refresh

DEMO_PEOPLE = [
    ("demo-forum1@example.org", "Maple Reader", "en"),
    ("demo-forum2@example.org", "Geneviève T.", "fr"),
    ("demo-forum3@example.org", "", "en"),
    ("demo-forum4@example.org", "Lac-Saint-Jean", "fr"),
]

# (board position, language, title, [(person, language, body, reply_to index or None), …])
DEMO_THREADS = [
    (
        0,
        "en",
        "Is peacekeeping still where Canada makes a difference?",
        [
            (
                0,
                "en",
                "Canada was known for blue helmets. Today we send few troops to UN missions. "
                "Should we go back to that role, or is **training other forces** a better use "
                "of our people?",
                None,
            ),
            (
                2,
                "en",
                "Training lasts longer than a six-month rotation. I would rather fund police "
                "and judges in fragile states than send a battalion.",
                0,
            ),
            (
                1,
                "fr",
                "Je crois qu'il faut les deux : une présence sur le terrain donne du poids à "
                "notre voix quand nous parlons de prévention des conflits.",
                0,
            ),
            (
                3,
                "fr",
                "D'accord avec Geneviève. Sans soldats sur place, nos conseils sonnent creux.",
                2,
            ),
        ],
    ),
    (
        1,
        "fr",
        "Le commerce avec les États-Unis nous rend-il trop dépendants ?",
        [
            (
                1,
                "fr",
                "Plus des trois quarts de nos exportations vont au sud. Une seule décision à "
                "Washington peut fermer une usine au Québec. Faut-il *diversifier* nos "
                "marchés ?",
                None,
            ),
            (
                3,
                "fr",
                "Oui, mais l'Europe et l'Asie sont loin et la concurrence y est forte. "
                "La diversification prend des décennies.",
                0,
            ),
            (
                0,
                "en",
                "Diversifying is slow, but the new agreements with Europe are a start. "
                "Small firms need help to use them: most do not know where to begin.",
                0,
            ),
            (
                2,
                "en",
                "The border matters as much as tariffs. Faster crossings would help more "
                "firms than any new treaty.",
                None,
            ),
        ],
    ),
    (
        2,
        "en",
        "Should culture be part of foreign policy at all?",
        [
            (
                2,
                "en",
                "Touring orchestras and film festivals are nice, but is that the job of a "
                "foreign ministry? I would like to hear both sides.",
                None,
            ),
            (
                1,
                "fr",
                "La culture, c'est notre image à l'étranger. Les pays qui nous connaissent "
                "par nos artistes nous font davantage confiance.",
                0,
            ),
            (
                0,
                "en",
                "Culture also carries our values: two official languages, Indigenous voices, "
                "many origins. That is a message no speech can match.",
                1,
            ),
        ],
    ),
    (
        3,
        "fr",
        "Mines antipersonnel : que reste-t-il à faire ?",
        [
            (
                3,
                "fr",
                "Le traité d'Ottawa a été une réussite, mais des millions de mines sont "
                "encore dans le sol. Le Canada devrait-il financer davantage le déminage ?",
                None,
            ),
            (
                0,
                "en",
                "Yes, and victim assistance too. Clearing a field is only half of the work "
                "when people there have lost a limb.",
                0,
            ),
            (
                1,
                "fr",
                "Il faudrait aussi convaincre les pays qui n'ont pas signé. La diplomatie "
                "discrète donne parfois plus de résultats que les conférences.",
                0,
            ),
        ],
    ),
    (
        4,
        "en",
        "How could this consultation reach more young people?",
        [
            (
                0,
                "en",
                "Most people I know under 25 will never read a forty-page paper. Short videos "
                "and classroom kits would bring more voices here.",
                None,
            ),
            (
                3,
                "fr",
                "Les écoles secondaires pourraient en faire un projet en classe d'histoire "
                "ou d'éducation civique.",
                0,
            ),
            (2, "en", "This is spam: buy cheap followers at example dot com!!!", None),
            (
                1,
                "fr",
                "Et pourquoi pas des séances dans les bibliothèques publiques, en région "
                "comme en ville ?",
                None,
            ),
        ],
    ),
]


# Which demo message is hidden by a moderator, and which one still waits for review:
# (thread index, message index).
HIDDEN_DEMO = (4, 2)
PENDING_DEMO = (1, 3)


def _demo_people():
    User = get_user_model()
    people = []
    for email, display_name, language in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"display_name": display_name, "preferred_language": language},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        people.append(user)
    return people


@transaction.atomic
def demo_forum_create(consultation: Consultation) -> int:
    """Fill the consultation's boards with demo threads; does nothing the second time.

    One reply stays pending review and one is hidden with a reason, so the stubs and
    the moderator queue have something to show. Returns the number of posts written.
    """
    boards = list(consultation.boards.order_by("order", "id"))
    if not boards:
        return 0
    people = _demo_people()
    if Thread.objects.filter(board__consultation=consultation, author__in=people).exists():
        return 0
    start = timezone.now() - datetime.timedelta(days=6)
    written = 0
    threads_written: list[int] = []
    hidden = pending = None
    for number, (position, language, title, messages) in enumerate(DEMO_THREADS):
        board = boards[position % len(boards)]
        when = start + datetime.timedelta(days=number, hours=3)
        opener = people[messages[0][0]]
        thread = Thread.objects.create(
            board=board,
            title=title,
            author=opener,
            language=language,
            status=Status.PUBLISHED,
            last_activity_at=when,
        )
        Subscription.objects.get_or_create(thread=thread, user=opener)
        posts: list[Post] = []
        for index, (person, post_language, body, reply_to) in enumerate(messages):
            when += datetime.timedelta(hours=2)
            author = people[person]
            post = Post.objects.create(
                thread=thread,
                author=author,
                reply_to=posts[reply_to] if reply_to is not None else None,
                body=body,
                body_html=render_user_text(body),
                language=post_language,
                display_name=author.display_name,
                status=Status.PUBLISHED,
                is_opening=not posts,
                published_at=when,
            )
            Post.objects.filter(pk=post.pk).update(created_at=when)
            posts.append(post)
            written += 1
            if (number, index) == HIDDEN_DEMO:
                hidden = post
            elif (number, index) == PENDING_DEMO:
                pending = post
            else:
                _search_upsert(post)
        Thread.objects.filter(pk=thread.pk).update(
            created_at=posts[0].published_at, last_activity_at=when
        )
        threads_written.append(thread.pk)
    if hidden is not None:
        status_change(
            target=hidden,
            to_status=Status.HIDDEN,
            moderator=None,
            reason=Reason.SPAM,
            note="Advertising.",
            notify=False,
        )
    if pending is not None:
        # A reply written a moment ago by a newcomer, still waiting for a moderator.
        Post.objects.filter(pk=pending.pk).update(status=Status.PENDING, published_at=None)
    for thread_id in threads_written:
        thread_summary_refresh(thread_id)
    return written
