import pytest
from django.core.cache import cache
from django.utils import translation

from moderation.reasons import reasons_forget
from tests.factories import UserFactory
from tests.private_redis import portal_on_private_redis, private_redis  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's cost is for attackers, not for the hundreds of accounts tests create."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _reset_language_and_cache():
    """Each test starts in English with an empty cache (rate limits live there), and
    reads the saved reasons afresh (a test's changes are rolled back without a signal)."""
    translation.activate("en")
    cache.clear()
    reasons_forget()
    yield
    translation.activate("en")
    cache.clear()


@pytest.fixture
def participant(db):
    return UserFactory()


@pytest.fixture
def unverified_user(db):
    return UserFactory(verified=False)


@pytest.fixture
def moderator(db):
    return UserFactory(role="moderator")


@pytest.fixture
def staff(db):
    return UserFactory(role="staff")


@pytest.fixture
def demo_paper(db):
    """The demo consultation, imported from its YAML file like `load_demo` does."""
    from dialogue.demo import DEMO_PAPER
    from dialogue.paper_io import paper_import

    return paper_import(DEMO_PAPER.read_text(encoding="utf-8"))


@pytest.fixture
def eager_celery():
    """Run tasks in the test's process even when a broker is configured (REDIS_URL)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def sent_mail(django_capture_on_commit_callbacks, eager_celery, mailoutbox):
    """Run what a block queues at commit in this process, as eager mode does: the outbox
    sends its e-mails there, and they land in `mailoutbox`.

    Use: `with sent_mail(): ...`, then read `mailoutbox`.
    """

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture
