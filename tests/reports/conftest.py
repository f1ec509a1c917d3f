import pytest

from config.celery import app


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes its report files in its own folder."""
    settings.REPORTS_ROOT = tmp_path / "reports"
    return settings.REPORTS_ROOT


@pytest.fixture(autouse=True)
def _eager_unless_real_worker(request):
    """The job runs in-process, even with REDIS_URL set, except in the real-worker tests."""
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def no_pdf(monkeypatch):
    """Runs without rendering PDFs, for tests about the HTML (a PDF takes seconds)."""
    monkeypatch.setattr("reports.services.report_pdf", lambda html: b"%PDF-1.7\n%%EOF\n")
