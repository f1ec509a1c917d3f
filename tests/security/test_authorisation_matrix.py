"""Who may do what: every named URL, every role, open and closed consultation.

The table below holds, for each URL of the URLconf, the status each role gets on GET
and (where the view takes one) on POST with a valid CSRF token, in both languages.
A URL with no entry fails `test_every_url_has_an_entry`, so a new page or action
cannot go live without someone deciding who may use it.

Codes: 200, 400, 403, 404, 405, 422 (a form that failed validation); "L" a redirect to a sign-in page; "302" any other
redirect (after a write, or to the admin's index). Columns follow `ROLES`:

    anonymous  unverified  participant (the owner)  other  suspended  banned
    moderator  analyst  staff  superuser

Views that take any method and only read (pages, lists, feeds) have no POST row:
they answer a POST like a GET and change nothing.

The admin has hundreds of URLs: the table holds its index, the app-level index and
the change view of every registered model (its add, list, history and delete views
follow the same permission), so a newly registered model needs an entry too.
"""

from collections.abc import Callable, Iterator

import pytest
from django.db import transaction
from django.test import override_settings

from tests.security.matrix import (
    LANGUAGES,
    Entry,
    ask,
    clients_for,
    content_type_id,
    named_urls,
    url_of,
)
from tests.security.world import ROLES, STATES, World, admin_models, world_build

# Rows, column by column:    anon unver owner other susp  ban   mod analyst staff super
PUBLIC = "200 200 200 200 200 200 200 200 200 200"
NO_POST = "405 405 405 405 405 405 405 405 405 405"
ACCOUNT = "  L 200 200 200 200 200 200 200 200 200"
CONTRIBUTOR = "  L 403 200 200 403 403 200 200 200 200"
CLOSED_TO_WRITERS = "  L 403 403 403 403 403 403 403 403 403"
MODERATOR = "  L 403 403 403 403 403 200 403 200 200"
STAFF = "  L 403 403 403 403 403 403 403 200 200"
ANALYST = "403 403 403 403 403 403 403 200 200 200"
ANALYST_NO_POST = "403 403 403 403 403 403 403 405 405 405"
ANALYST_INVALID = "403 403 403 403 403 403 403 422 422 422"
ANALYST_REDIRECT = "403 403 403 403 403 403 403 302 302 302"
ADMIN_CONTENT = "  L   L   L   L   L   L   L   L 200 200"
ADMIN_SUPERUSER = "  L   L   L   L   L   L   L   L 403 200"
NOT_FOUND_TO_READERS = "404 404 404 404 404 404 404 404 200 200"
NOT_FOUND = "404 404 404 404 404 404 404 404 404 404"
# A form sent empty fails validation: 422 for everyone who may use it.
INVALID = "422 422 422 422 422 422 422 422 422 422"
ACCOUNT_INVALID = "  L 422 422 422 422 422 422 422 422 422"
MODERATOR_INVALID = "  L 403 403 403 403 403 422 403 422 422"


Kwargs = Callable[[dict, str], dict]


def _pk(key: str) -> Kwargs:
    return lambda objects, language: {"pk": objects[key].pk}


def _slug(key: str) -> Kwargs:
    return lambda objects, language: {"slug": getattr(objects[key], f"slug_{language}")}


def _object_id(key: str) -> Kwargs:
    return lambda objects, language: {"object_id": objects[key].pk}


def _admin_change(model: str, key: str, get: str, post: str, **extra) -> Entry:
    return Entry(f"admin:{model}_change", get=get, post=post, kwargs=_object_id(key), **extra)


ANSWER = {
    "body": "Trade first, then aid.",
    "language": "en",
    "consent_to_publish": "on",
    "action": "submit",
}
REPLY = {"body": "I agree with this message.", "language": "en"}
THREAD = {"title": "Trade with Asia", "body": "Should we sign more agreements?", "language": "en"}

ENTRIES = [
    # Outside the language prefix.
    Entry("splash", get=PUBLIC),
    Entry("healthz", get=PUBLIC),
    # Readiness tells load balancers whether to send traffic; it names no secret.
    Entry("readyz", get=PUBLIC),
    # Reading pages (dialogue/).
    Entry("dialogue:home", get=PUBLIC),
    Entry("dialogue:minister", get=PUBLIC),
    Entry("dialogue:paper", get=PUBLIC),
    Entry("dialogue:chapter", get=PUBLIC, kwargs=_slug("chapter")),
    # Unpublished chapters: staff preview them through "View on site"; nobody else sees them.
    Entry(
        "dialogue:chapter",
        variant="unpublished",
        get=NOT_FOUND_TO_READERS,
        kwargs=_slug("hidden_chapter"),
    ),
    Entry("dialogue:interviews", get=PUBLIC),
    Entry(
        "dialogue:interview",
        get=PUBLIC,
        kwargs=lambda objects, language: {"slug": objects["interview"].slug},
    ),
    Entry("dialogue:resources", get=PUBLIC),
    # Programme pages (sitepages/): public once their consultation is not a draft.
    Entry("sitepages:sections", get=PUBLIC),
    Entry(
        "sitepages:index",
        get=PUBLIC,
        kwargs=lambda objects, language: {
            "consultation": getattr(objects["consultation"], f"slug_{language}")
        },
    ),
    Entry(
        "sitepages:page",
        get=PUBLIC,
        kwargs=lambda objects, language: {
            "consultation": getattr(objects["consultation"], f"slug_{language}"),
            "slug": getattr(objects["site_page"], f"slug_{language}"),
        },
    ),
    Entry("dialogue:search", get=PUBLIC),
    Entry("dialogue:sitemap", get=PUBLIC),
    Entry("dialogue:help", get=PUBLIC),
    Entry("dialogue:privacy", get=PUBLIC),
    Entry("dialogue:netiquette", get=PUBLIC),
    Entry("dialogue:partners", get=PUBLIC),
    Entry("dialogue:about", get=PUBLIC),
    # Anyone may send feedback; an empty form is a 422, a filled one a redirect.
    Entry(
        "dialogue:feedback",
        get=PUBLIC,
        post="302 302 302 302 302 302 302 302 302 302",
        data={"message": "The search is slow on my phone."},
    ),
    # Answering (questions/).
    Entry("questions:index", get=PUBLIC, post=NO_POST),
    Entry(
        "questions:answer",
        get=CONTRIBUTOR,
        post={"open": "  L 403 302 302 403 403 302 302 302 302", "closed": CLOSED_TO_WRITERS},
        kwargs=_pk("question"),
        data=ANSWER,
    ),
    Entry(
        "questions:answer",
        variant="unpublished chapter",
        get="  L 403 404 404 403 403 404 404 404 404",
        post="  L 403 404 404 403 403 404 404 404 404",
        kwargs=_pk("hidden_question"),
        data=ANSWER,
    ),
    # Only the author withdraws, and only while the consultation is open (the refusal
    # when closed is a redirect with a message); anyone else's answer is not found.
    Entry(
        "questions:withdraw",
        get=NO_POST,
        post="  L 403 302 404 403 403 404 404 404 404",
        kwargs=_pk("answer"),
    ),
    Entry("questions:answers", get=PUBLIC, post=NO_POST),
    Entry("questions:question_answers", get=PUBLIC, post=NO_POST, kwargs=_pk("question")),
    Entry(
        "questions:question_answers",
        variant="unpublished chapter",
        get="404 404 404 404 404 404 404 404 404 404",
        kwargs=_pk("hidden_question"),
    ),
    Entry("questions:question_answers_feed", get=PUBLIC, kwargs=_pk("question")),
    Entry(
        "questions:feature",
        get=NO_POST,
        post="  L 403 403 403 403 403 302 403 302 302",
        kwargs=_pk("answer"),
    ),
    # Forum (forum/).
    Entry("forum:index", get=PUBLIC),
    Entry("forum:board", get=PUBLIC, kwargs=_slug("board")),
    Entry("forum:board_feed", get=PUBLIC, kwargs=_slug("board")),
    Entry(
        "forum:board",
        variant="unpublished chapter",
        # Staff preview a chapter itself; its board stays closed until it is published.
        get=NOT_FOUND,
        kwargs=_slug("hidden_board"),
    ),
    Entry(
        "forum:new_thread",
        get={"open": CONTRIBUTOR, "closed": CLOSED_TO_WRITERS},
        post={"open": "  L 403 302 302 403 403 302 302 302 302", "closed": CLOSED_TO_WRITERS},
        kwargs=_slug("board"),
        data=THREAD,
    ),
    Entry(
        "forum:new_thread",
        variant="unpublished chapter",
        get={
            "open": "  L 403 404 404 403 403 404 404 404 404",
            "closed": "  L 403 404 404 403 403 404 404 404 404",
        },
        post={
            "open": "  L 403 404 404 403 403 404 404 404 404",
            "closed": "  L 403 404 404 403 403 404 404 404 404",
        },
        kwargs=_slug("hidden_board"),
        data=THREAD,
    ),
    Entry("forum:thread", get=PUBLIC, kwargs=_pk("thread")),
    Entry(
        "forum:reply",
        get={"open": CONTRIBUTOR, "closed": CLOSED_TO_WRITERS},
        post={"open": "  L 403 302 302 403 403 302 302 302 302", "closed": CLOSED_TO_WRITERS},
        kwargs=_pk("thread"),
        data=REPLY,
    ),
    Entry(
        "forum:subscribe",
        get="  L 403 405 405 405 405 405 405 405 405",
        post="  L 403 302 302 302 302 302 302 302 302",
        kwargs=_pk("thread"),
    ),
    Entry(
        "forum:unsubscribe",
        get="  L 403 405 405 405 405 405 405 405 405",
        post="  L 403 302 302 302 302 302 302 302 302",
        kwargs=_pk("thread"),
    ),
    # The e-mail's link works without signing in: the signed token is the key.
    Entry(
        "forum:unsubscribe_token",
        get=PUBLIC,
        post=PUBLIC,
        kwargs=lambda objects, language: {"token": objects["token"]},
    ),
    Entry(
        "forum:unsubscribe_token",
        variant="forged token",
        get="404 404 404 404 404 404 404 404 404 404",
        post="404 404 404 404 404 404 404 404 404 404",
        kwargs=lambda objects, language: {"token": objects["token"][:-3] + "abc"},
    ),
    Entry(
        "forum:thread_moderate",
        get="  L 403 403 403 403 403 405 403 405 405",
        post="  L 403 403 403 403 403 302 403 302 302",
        kwargs=_pk("thread"),
    ),
    Entry("forum:post", get="302 302 302 302 302 302 302 302 302 302", kwargs=_pk("reply")),
    # Only the author edits or deletes a post; a closed consultation takes no edits.
    Entry(
        "forum:edit",
        get="  L 403 200 403 403 403 403 403 403 403",
        post={
            "open": "  L 403 302 403 403 403 403 403 403 403",
            "closed": "  L 403 403 403 403 403 403 403 403 403",
        },
        kwargs=_pk("reply"),
        data={"body": "An edited reply, with more words."},
    ),
    Entry(
        "forum:delete",
        get="  L 403 200 403 403 403 403 403 403 403",
        post="  L 403 302 403 403 403 403 403 403 403",
        kwargs=_pk("reply"),
    ),
    Entry(
        "forum:flag",
        get=CONTRIBUTOR,
        post="  L 403 422 422 403 403 422 422 422 422",
        kwargs=_pk("reply"),
    ),
    Entry(
        "forum:post_moderate",
        get=MODERATOR,
        post=MODERATOR_INVALID,
        kwargs=_pk("reply"),
    ),
    Entry("forum:suspend", get=MODERATOR, post=MODERATOR_INVALID, kwargs=_pk("reply")),
    # Moderation (moderation/).
    Entry("moderation:queue", get=MODERATOR, post=NO_POST),
    Entry("moderation:log", get=MODERATOR, post=NO_POST),
    Entry("moderation:decide", get=NO_POST, post="  L 403 403 403 403 403 302 403 302 302"),
    Entry("moderation:bulk", get=NO_POST, post="  L 403 403 403 403 403 302 403 302 302"),
    Entry("moderation:claim", get=NO_POST, post="  L 403 403 403 403 403 302 403 302 302"),
    Entry("moderation:release", get=NO_POST, post="  L 403 403 403 403 403 302 403 302 302"),
    Entry("moderation:escalate", get=NO_POST, post="  L 403 403 403 403 403 302 403 302 302"),
    Entry("moderation:escalations", get=MODERATOR, post=NO_POST),
    Entry("moderation:pace", get=MODERATOR, post=NO_POST),
    # Without ?key= naming a waiting item there is nothing to redact.
    Entry(
        "moderation:redact",
        get="  L 403 403 403 403 403 404 403 404 404",
        post="  L 403 403 403 403 403 404 403 404 404",
    ),
    # Final report (reports/).
    Entry("reports:report", get=PUBLIC, post=NO_POST),
    Entry(
        "reports:public_download",
        get=PUBLIC,
        post=NO_POST,
        kwargs=lambda objects, language: {"kind": "answers-csv"},
    ),
    # The same report at its permanent address, under the consultation's slug.
    Entry(
        "reports:consultation_report",
        get=PUBLIC,
        post=NO_POST,
        kwargs=lambda objects, language: {
            "slug": getattr(objects["consultation"], f"slug_{language}")
        },
    ),
    Entry(
        "reports:consultation_download",
        get=PUBLIC,
        post=NO_POST,
        kwargs=lambda objects, language: {
            "slug": getattr(objects["consultation"], f"slug_{language}"),
            "kind": "answers-csv",
        },
    ),
    # A kind the public list does not name (the HTML behind the report page) is not served.
    Entry(
        "reports:public_download",
        variant="not a public kind",
        get="404 404 404 404 404 404 404 404 404 404",
        kwargs=lambda objects, language: {"kind": "html-en"},
    ),
    Entry("reports:staff_runs", get=STAFF, post="  L 403 403 403 403 403 403 403 422 422"),
    # GET lists the exports of every answer; POST asks a worker for a new one.
    Entry("reports:answers_export", get=STAFF, post="  L 403 403 403 403 403 403 403 302 302"),
    Entry(
        "reports:answer_export",
        get=STAFF,
        post="  L 403 403 403 403 403 403 403 405 405",
        kwargs=_pk("answer_export"),
    ),
    Entry(
        "reports:answer_export_download",
        get=STAFF,
        post="  L 403 403 403 403 403 403 403 405 405",
        kwargs=_pk("answer_export"),
    ),
    Entry("reports:staff_texts", get=STAFF, post="  L 403 403 403 403 403 403 403 405 405"),
    # An empty form is valid: it saves a part with no text yet.
    Entry(
        "reports:text_edit",
        get=STAFF,
        post="  L 403 403 403 403 403 403 403 302 302",
        kwargs=lambda objects, language: {"key": "summary"},
    ),
    Entry(
        "reports:quote_picker",
        get=STAFF,
        post="  L 403 403 403 403 403 403 403 302 302",
        kwargs=lambda objects, language: {"question_id": objects["question"].pk},
    ),
    Entry(
        "reports:run_progress",
        get=STAFF,
        post="  L 403 403 403 403 403 403 403 405 405",
        kwargs=_pk("draft_run"),
    ),
    Entry(
        "reports:run_retry",
        get="  L 403 403 403 403 403 403 403 405 405",
        post="  L 403 403 403 403 403 403 403 302 302",
        kwargs=_pk("draft_run"),
    ),
    Entry(
        "reports:run_publish",
        # GET asks staff to confirm, with links to preview the run; POST publishes.
        get=STAFF,
        post="  L 403 403 403 403 403 403 403 302 302",
        kwargs=_pk("draft_run"),
    ),
    Entry(
        "reports:staff_download",
        get=STAFF,
        post="  L 403 403 403 403 403 403 403 405 405",
        kwargs=lambda objects, language: {"pk": objects["draft_run"].pk, "kind": "answers-csv"},
    ),
    # Analysis workbench (analysis/): analysts, and ministry staff who hold the same right.
    Entry("analysis:index", get=ANALYST, post=ANALYST_NO_POST),
    Entry("analysis:codebook", get=ANALYST, post=ANALYST_INVALID),
    Entry("analysis:code_change", get=ANALYST_NO_POST, post=ANALYST_REDIRECT, kwargs=_pk("code")),
    Entry("analysis:question", get=ANALYST, post=ANALYST_INVALID, kwargs=_pk("question")),
    Entry("analysis:agreement", get=ANALYST, post=ANALYST_NO_POST, kwargs=_pk("question")),
    Entry("analysis:duplicates", get=ANALYST, post=ANALYST_REDIRECT, kwargs=_pk("question")),
    Entry("analysis:suggestions", get=ANALYST, post=ANALYST_REDIRECT, kwargs=_pk("question")),
    Entry("analysis:note", get=ANALYST_NO_POST, post=ANALYST_REDIRECT, kwargs=_pk("answer")),
    Entry(
        "analysis:campaign_mark",
        get=ANALYST_NO_POST,
        post=ANALYST_REDIRECT,
        kwargs=_pk("duplicate_group"),
    ),
    Entry(
        "analysis:suggestion_decide",
        get=ANALYST_NO_POST,
        post=ANALYST_REDIRECT,
        kwargs=_pk("suggestion"),
    ),
    Entry("analysis:submissions", get=ANALYST, post=ANALYST_INVALID),
    Entry("analysis:submission", get=ANALYST, post=ANALYST_INVALID, kwargs=_pk("submission")),
    Entry("analysis:exports", get=ANALYST, post=ANALYST_INVALID),
    Entry("analysis:export_download", get=ANALYST, post=ANALYST_NO_POST, kwargs=_pk("export")),
    # Own data (accounts/): always the signed-in person's own.
    Entry("accounts:profile", get=ACCOUNT, post=ACCOUNT_INVALID),
    Entry("accounts:data", get=ACCOUNT, post=NO_POST),
    Entry("accounts:data_download", get=ACCOUNT, post=NO_POST),
    Entry("accounts:delete", get=ACCOUNT, post=ACCOUNT_INVALID),
    # allauth's pages. Signed-in people are sent on from sign-in and sign-up.
    Entry(
        "account_login",
        get="200 302 302 302 302 302 302 302 302 302",
        post="422 302 302 302 302 302 302 302 302 302",
    ),
    Entry(
        "account_logout",
        get="302 200 200 200 200 200 200 200 200 200",
        post="302 302 302 302 302 302 302 302 302 302",
    ),
    Entry(
        "account_signup",
        get="200 302 302 302 302 302 302 302 302 302",
        post="422 302 302 302 302 302 302 302 302 302",
    ),
    Entry("account_inactive", get=PUBLIC, post=NO_POST),
    Entry("account_reauthenticate", get=ACCOUNT, post=ACCOUNT_INVALID),
    Entry("account_email", get=ACCOUNT, post="  L 302 302 302 302 302 302 302 302 302"),
    Entry("account_email_verification_sent", get=PUBLIC, post=NO_POST),
    Entry("account_change_password", get=ACCOUNT, post=ACCOUNT_INVALID),
    # Every account has a password, so "set a password" sends on to "change".
    Entry(
        "account_set_password",
        get="  L 302 302 302 302 302 302 302 302 302",
        post="  L 302 302 302 302 302 302 302 302 302",
    ),
    Entry("account_reset_password", get=PUBLIC, post=INVALID),
    Entry("account_reset_password_done", get=PUBLIC, post=NO_POST),
    # Sign-in by code is off: its page sends everyone away.
    Entry(
        "account_confirm_login_code",
        get="  L 302 302 302 302 302 302 302 302 302",
        post="  L 302 302 302 302 302 302 302 302 302",
    ),
    # A wrong key shows "this link is invalid", and confirms nothing.
    Entry(
        "account_confirm_email",
        get=PUBLIC,
        post="404 404 404 404 404 404 404 404 404 404",
        kwargs=lambda objects, language: {"key": "not-a-key"},
    ),
    Entry(
        "account_reset_password_from_key",
        get=PUBLIC,
        post=INVALID,
        kwargs=lambda objects, language: {"uidb36": "1", "key": "not-a-key"},
    ),
    Entry("account_reset_password_from_key_done", get=PUBLIC, post=NO_POST),
    # The admin: staff edit content; accounts, groups and addresses are the superuser's.
    Entry("admin:index", get=ADMIN_CONTENT, post=ADMIN_CONTENT),
    Entry("admin:app_list", get=ADMIN_CONTENT, kwargs=lambda o, lang: {"app_label": "dialogue"}),
    # Staff have no permission in the accounts app: the admin does not show it to them.
    Entry(
        "admin:app_list",
        variant="accounts",
        get="  L   L   L   L   L   L   L   L 404 200",
        kwargs=lambda o, lang: {"app_label": "accounts"},
    ),
    Entry("admin:dialogue_translation_status", get=ADMIN_CONTENT),
    Entry(
        "admin:login",
        # The admin's own form is gone: sign-in goes through allauth's page and limits.
        get="  L 403 403 403 403 403 403 403 302 302",
        post="  L 403 403 403 403 403 403 403 302 302",
    ),
    Entry(
        "admin:logout",
        get="302 302 302 302 302 302 302 302 405 405",
        post="302 302 302 302 302 302 302 302 200 200",
    ),
    Entry(
        "admin:password_change",
        get=ADMIN_CONTENT,
        post="  L   L   L   L   L   L   L   L 422 422",
    ),
    Entry("admin:password_change_done", get=ADMIN_CONTENT),
    Entry("admin:autocomplete", get="  L   L   L   L   L   L   L   L 403 403"),
    Entry("admin:jsi18n", get=ADMIN_CONTENT),
    Entry(
        "admin:view_on_site",
        get="  L   L   L   L   L   L   L   L 302 302",
        kwargs=lambda objects, language: {
            "content_type_id": content_type_id(objects["chapter"]),
            "object_id": objects["chapter"].pk,
        },
    ),
    Entry(
        "admin:auth_user_password_change",
        get=ADMIN_SUPERUSER,
        post="  L   L   L   L   L   L   L   L 403 422",
        kwargs=lambda objects, language: {"id": objects["answer"].author_id},
    ),
    _admin_change("accounts_user", "owner", ADMIN_SUPERUSER, ADMIN_SUPERUSER),
    _admin_change("account_emailaddress", "email_address", ADMIN_SUPERUSER, ADMIN_SUPERUSER),
    _admin_change("auth_group", "group", ADMIN_SUPERUSER, ADMIN_SUPERUSER),
    _admin_change("dialogue_consultation", "consultation", ADMIN_CONTENT, ADMIN_CONTENT),
    _admin_change("dialogue_chapter", "chapter", ADMIN_CONTENT, ADMIN_CONTENT),
    _admin_change("dialogue_page", "page", ADMIN_CONTENT, ADMIN_CONTENT),
    _admin_change("dialogue_interview", "interview", ADMIN_CONTENT, ADMIN_CONTENT),
    _admin_change("dialogue_topic", "topic", ADMIN_CONTENT, ADMIN_CONTENT),
    _admin_change("dialogue_resource", "resource", ADMIN_CONTENT, ADMIN_CONTENT),
    _admin_change("forum_board", "board", ADMIN_CONTENT, ADMIN_CONTENT),
    # Staff reword the saved reasons moderators cite and authors read.
    _admin_change("moderation_savedreason", "saved_reason", ADMIN_CONTENT, ADMIN_CONTENT),
    _admin_change("sitepages_sitepage", "site_page", ADMIN_CONTENT, ADMIN_CONTENT),
    _admin_change("questions_question", "question", ADMIN_CONTENT, ADMIN_CONTENT),
    # Feedback, answers and threads are read in the admin; they change through the
    # site's own actions (staff may only view; threads change through moderation).
    _admin_change(
        "dialogue_feedback", "feedback", ADMIN_CONTENT, "  L   L   L   L   L   L   L   L 403 302"
    ),
    _admin_change(
        "questions_answer", "answer", ADMIN_CONTENT, "  L   L   L   L   L   L   L   L 403 302"
    ),
    # Staff see the outbox to retry what failed; nobody edits an e-mail.
    _admin_change(
        "outbox_outboxemail",
        "outbox_email",
        "  L   L   L   L   L   L   L   L 200 200",
        "  L   L   L   L   L   L   L   L 403 403",
    ),
    _admin_change(
        "forum_thread",
        "thread",
        "  L   L   L   L   L   L   L   L 403 200",
        "  L   L   L   L   L   L   L   L 403 403",
    ),
    # A draft or a withdrawn answer is its author's alone ("Nobody else can see it"):
    # staff find no such answer (404); superusers see all.
    Entry(
        "admin:questions_answer_change",
        variant="draft",
        get="  L   L   L   L   L   L   L   L 404 200",
        kwargs=_object_id("draft"),
    ),
    Entry(
        "admin:questions_answer_change",
        variant="withdrawn",
        get="  L   L   L   L   L   L   L   L 404 200",
        kwargs=_object_id("withdrawn"),
    ),
]

# The rest of each registered model's admin URLs follow its change view's permission.
ADMIN_MODEL_VIEWS = ("_changelist", "_add", "_history", "_delete")


def _covered(name: str) -> bool:
    if name.startswith("admin:") and name.endswith(ADMIN_MODEL_VIEWS):
        model = name.removeprefix("admin:").rsplit("_", 1)[0]
        return f"admin:{model}_change" in {entry.name for entry in ENTRIES}
    return name in {entry.name for entry in ENTRIES}


def test_every_url_has_an_entry() -> None:
    missing = sorted(name for name in named_urls() if not _covered(name))
    assert not missing, "\n".join(f"add an entry for {name}" for name in missing)


def test_every_admin_model_has_a_change_view_entry() -> None:
    names = {entry.name for entry in ENTRIES}
    missing = [m for m in admin_models() if f"admin:{m}_change" not in names]
    assert not missing, "\n".join(f"add an entry for admin:{m}_change" for m in missing)


def test_every_row_is_well_formed() -> None:
    for entry in ENTRIES:
        for method in ("GET", "POST"):
            for state in STATES:
                entry.expected(method, state)  # raises on a malformed row


def _cells(entry: Entry, state: str) -> Iterator[tuple[str, str, str, str | None]]:
    for method in ("GET", "POST"):
        expected = entry.expected(method, state)
        if expected is None:
            continue
        for role in ROLES:
            branch = entry.xfail.get((method, role, state)) or entry.xfail.get((method, role, None))
            yield method, role, expected[role], branch


def _params() -> Iterator:
    """One test per entry, and one per cell expected to fail until another branch lands."""
    for entry in ENTRIES:
        yield pytest.param(entry, None, id=entry.id)
        for state in STATES:
            for method, role, _code, branch in _cells(entry, state):
                if branch:
                    yield pytest.param(
                        entry,
                        (state, method, role),
                        id=f"{entry.id}-{state}-{method}-{role}",
                        marks=pytest.mark.xfail(strict=True, reason=f"fixed on branch {branch}"),
                    )


@pytest.fixture(scope="module", params=STATES)
def world(request, django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """The world of one state, built once for all the entries (each request rolls back)."""
    state = request.param
    root = tmp_path_factory.mktemp(f"reports-{state}")
    with django_db_blocker.unblock(), override_settings(REPORTS_ROOT=root), transaction.atomic():
        built = world_build(state)
        built.clients = clients_for(built)
        yield built
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize(("entry", "only"), list(_params()))
def test_matrix(entry: Entry, only: tuple | None, world: World, caplog) -> None:
    if only is not None and only[0] != world.state:
        pytest.skip(f"a cell of the {only[0]} consultation")
    caplog.set_level("CRITICAL", logger="django.request")  # 403s and 404s are expected here
    # Open: both languages. Closed: English (the rules do not depend on the language).
    languages = LANGUAGES if world.state == "open" else ("en",)
    failures = []
    for method, role, code, branch in _cells(entry, world.state):
        if (only is None and branch) or (only is not None and only[1:] != (method, role)):
            continue
        for language in languages:
            url = url_of(entry, world, language)
            got = ask(world.clients[role], method, url, data=entry.data)
            if got != code:
                failures.append(f"{method} {url} as {role}: {got}, expected {code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_a_post_without_a_csrf_token_is_refused(world, caplog) -> None:
    """Every POST row again, signed in, without the token: 403 before the view runs."""
    if world.state != "open":
        pytest.skip("once is enough")
    caplog.set_level("CRITICAL", logger="django.request")
    refused = []
    for entry in ENTRIES:
        if entry.post is None:
            continue
        url = url_of(entry, world, "en")
        for role in ("anonymous", "participant", "superuser"):
            got = ask(world.clients[role], "POST", url, data=entry.data, token=False)
            if got != "403":
                refused.append(f"POST {url} as {role} without a token: {got}")
    assert not refused, "\n".join(refused)
