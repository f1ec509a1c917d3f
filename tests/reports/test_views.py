import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from moderation.models import Status
from reports.models import AnswerExport, ReportRun, RunState
from reports.services import OUTPUT_FILES, report_run_publish, report_run_start
from tests.factories import UserFactory, role_groups_restore
from tests.reports.factories import AnswerFactory, QuestionFactory, ReportRunFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def question():
    return QuestionFactory()


@pytest.fixture
def consultation(question):
    return question.consultation


@pytest.fixture
def succeeded_run(question, staff, django_capture_on_commit_callbacks):
    for n in range(6):
        AnswerFactory(question=question, body=f"Answer {n} about peacekeeping")
    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_start(
            consultation=question.consultation, requested_by=staff, cutoff=timezone.now()
        )
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED, run.error
    return run


def staff_urls(run):
    urls = [
        reverse("reports:staff_runs"),
        reverse("reports:answers_export"),
        reverse("reports:run_progress", kwargs={"pk": run.pk}),
    ]
    urls += [
        reverse("reports:staff_download", kwargs={"pk": run.pk, "kind": output.kind})
        for output in run.outputs.all()
    ]
    return urls


STAFF_POSTS = ["reports:run_retry", "reports:run_publish"]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("role", ["participant", "moderator"])
def test_every_staff_url_and_download_is_403_for_non_staff(
    client, request, succeeded_run, role, language
):
    client.force_login(request.getfixturevalue(role))
    with translation.override(language):
        gets = staff_urls(succeeded_run)
        posts = [reverse(name, kwargs={"pk": succeeded_run.pk}) for name in STAFF_POSTS]
    assert len(gets) == 3 + len(OUTPUT_FILES)
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url in [*posts, reverse("reports:staff_runs")]:
        assert client.post(url, {"cutoff": "2026-01-01T10:00"}).status_code == 403, url
    succeeded_run.refresh_from_db()
    assert not succeeded_run.published
    assert ReportRun.objects.count() == 1


def test_anonymous_readers_are_sent_to_sign_in(client, succeeded_run):
    for url in staff_urls(succeeded_run):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_staff_reach_every_staff_url(client, staff, succeeded_run):
    client.force_login(staff)
    for url in staff_urls(succeeded_run):
        assert client.get(url).status_code == 200, url


def test_translated_urls():
    with translation.override("fr"):
        assert reverse("reports:report") == "/fr/rapport/"
        assert reverse("reports:staff_runs") == "/fr/personnel/rapports/"
    assert reverse("reports:report") == "/en/report/"
    assert reverse("reports:staff_runs") == "/en/staff/reports/"


def test_forged_run_ids_are_404(client, staff, consultation):
    client.force_login(staff)
    other = ReportRunFactory(consultation__is_current=False)  # another consultation's run
    assert client.get(reverse("reports:run_progress", kwargs={"pk": 999999})).status_code == 404
    assert client.get(reverse("reports:run_progress", kwargs={"pk": other.pk})).status_code == 404
    assert client.post(reverse("reports:run_publish", kwargs={"pk": 999999})).status_code == 404
    assert (
        client.get(
            reverse("reports:staff_download", kwargs={"pk": 999999, "kind": "pdf-en"})
        ).status_code
        == 404
    )


def test_staff_start_a_run_with_the_default_cutoff(
    client, staff, question, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    page = client.get(reverse("reports:staff_runs")).content.decode()
    default = timezone.localtime().strftime("%Y-%m-%dT%H:")
    assert f'value="{default}' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:staff_runs"),
            {"cutoff": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
        )
    assert response.status_code == 302
    run = ReportRun.objects.get()
    assert run.requested_by == staff and run.state == RunState.SUCCEEDED
    page = client.get(reverse("reports:staff_runs")).content.decode()
    assert f'<progress id="progress-{run.pk}" class="progress" max="100" value="100">' in page
    assert "100%" in page and "Publish run" in page


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "This field is required."),
        ("yesterday", "Enter a valid date/time."),
        ("2999-01-01T10:00", "cannot be in the future"),
    ],
)
def test_a_bad_cutoff_is_refused_with_a_message(client, staff, question, value, message):
    client.force_login(staff)
    response = client.post(reverse("reports:staff_runs"), {"cutoff": value})
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html and 'aria-invalid="true"' in html and "error-summary" in html
    assert ReportRun.objects.count() == 0


def test_progress_endpoint(client, staff, consultation):
    run = ReportRunFactory(
        consultation=consultation,
        state=RunState.RUNNING,
        progress=40,
        progress_note="questions:2:5",
        attempts=2,
        heartbeat_at=timezone.now(),
    )
    client.force_login(staff)
    data = client.get(reverse("reports:run_progress", kwargs={"pk": run.pk})).json()
    assert data.pop("last_sign_of_life").startswith("Last sign of life: ")
    assert data == {
        "id": run.pk,
        "state": "running",
        "state_label": "Running",
        "progress": 40,
        "percent": "40%",
        "note": "Key terms and quotes: 2 of 5 questions.",
        "attempt": 2,
        "attempt_label": "Attempt 2",
        "finished": False,
    }


def test_failed_run_shows_its_error_and_can_be_retried(
    client, staff, consultation, django_capture_on_commit_callbacks
):
    run = ReportRunFactory(
        consultation=consultation, state=RunState.FAILED, error="DiskFull: no space left"
    )
    client.force_login(staff)
    page = client.get(reverse("reports:staff_runs")).content.decode()
    assert "Error: DiskFull: no space left" in page and f"Retry run {run.pk}" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:run_retry", kwargs={"pk": run.pk}))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED and run.error == ""


def test_report_page_before_publication(client, consultation):
    consultation.report_expected_en = "in the spring of 2027"
    consultation.report_expected_fr = "au printemps 2027"
    consultation.save()
    html = client.get("/en/report/").content.decode()
    assert "The report is expected in the spring of 2027." in html
    assert (
        client.get(reverse("reports:public_download", kwargs={"kind": "pdf-en"})).status_code == 404
    )
    consultation.report_expected_en = ""
    consultation.save()
    html = client.get("/en/report/").content.decode()
    assert "will be published here once the consultation has closed" in html


def test_published_report_in_each_language_with_downloads(client, staff, succeeded_run):
    report_run_publish(run=succeeded_run, by=staff)
    html = client.get("/en/report/").content.decode()
    assert html.count("<h1>") == 1 and "Who took part" in html
    assert 'href="/en/report/download/pdf-en/"' in html
    assert 'href="/en/report/download/answers-csv/"' in html
    assert "html-en" not in html
    html_fr = client.get("/fr/rapport/").content.decode()
    with translation.override("fr"):
        french_pdf = reverse("reports:public_download", kwargs={"kind": "pdf-fr"})
    assert '<html lang="fr">' in html_fr and f'href="{french_pdf}"' in html_fr
    response = client.get(reverse("reports:public_download", kwargs={"kind": "pdf-en"}))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith('attachment; filename="report-en.pdf"')
    csv_response = client.get(reverse("reports:public_download", kwargs={"kind": "answers-csv"}))
    assert b"question_id,chapter,language" in b"".join(csv_response.streaming_content)
    # Only the public files of the published run.
    assert (
        client.get(reverse("reports:public_download", kwargs={"kind": "html-en"})).status_code
        == 404
    )
    assert (
        client.get(reverse("reports:public_download", kwargs={"kind": "nothing"})).status_code
        == 404
    )


def test_export_escapes_formulas_and_hides_authors(
    client, staff, question, django_capture_on_commit_callbacks
):
    AnswerFactory(
        question=question, body="=cmd|' /C calc'!A0", display_name="Sam", consent_to_publish=True
    )
    AnswerFactory(
        question=question,
        body="@SUM(1+1) reach me at bob@example.org",
        status=Status.PENDING,
        display_name="Hidden",
        consent_to_publish=False,
        published_at=None,
    )
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:answers_export"))
    export = AnswerExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:answer_export", kwargs={"pk": export.pk})
    page = client.get(response["Location"]).content.decode()
    download = reverse("reports:answer_export_download", kwargs={"pk": export.pk})
    assert f'href="{download}"' in page and "2 answers" in page
    file = client.get(download)
    assert file["Content-Disposition"] == 'attachment; filename="all-answers.csv"'
    text = b"".join(file.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "answer_id" and len(rows) == 3
    assert rows[1][-1] == "'=cmd|' /C calc'!A0" and rows[1][7] == "Sam"
    assert rows[2][-1].startswith("'@SUM") and "bob@example.org" not in text
    assert rows[2][7] == "" and rows[2][4] == "pending"
    assert "@example.org" not in text.replace("[e-mail removed]", "")


def test_staff_page_query_count_does_not_grow_with_runs(
    client, staff, consultation, django_assert_max_num_queries
):
    client.force_login(staff)
    url = reverse("reports:staff_runs")
    client.get(url)
    for _ in range(2):
        ReportRunFactory(consultation=consultation, requested_by=staff)
    # session + user + permissions (2) + consultation + runs + outputs prefetch
    # + the frame's context processors.
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for _ in range(20):
        ReportRunFactory(consultation=consultation, requested_by=staff, state=RunState.SUCCEEDED)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_report_page_query_count(client, staff, succeeded_run, django_assert_max_num_queries):
    report_run_publish(run=succeeded_run, by=staff)
    # consultation + published run + its outputs + earlier reports, and the frame's
    # context processors.
    with django_assert_max_num_queries(7):
        client.get("/en/report/")


def test_an_earlier_consultations_report_keeps_its_own_address_in_both_languages(
    client, staff, succeeded_run
):
    report_run_publish(run=succeeded_run, by=staff)
    earlier = succeeded_run.consultation
    earlier.slug_en, earlier.slug_fr = "trade-2025", "commerce-2025"
    earlier.title_en, earlier.title_fr = "Trade abroad", "Commerce à l'étranger"
    earlier.is_current = False
    earlier.save()
    current = QuestionFactory().consultation
    current.is_current = True
    current.save()

    listing = client.get("/en/report/").content.decode()
    assert "will be published here once the consultation has closed" in listing
    assert 'href="/en/report/trade-2025/">Trade abroad</a>' in listing
    sitemap = client.get("/en/sitemap/").content.decode()
    assert 'href="/en/report/trade-2025/">Final report: Trade abroad</a>' in sitemap
    page = client.get("/en/report/trade-2025/")
    html = page.content.decode()
    assert page.status_code == 200 and "Who took part" in html
    assert 'href="/en/report/trade-2025/download/pdf-en/"' in html
    # The language toggle goes to the same report under the French slug.
    with translation.override("fr"):
        french = reverse("reports:consultation_report", kwargs={"slug": "commerce-2025"})
    assert f'href="{french}"' in html
    assert "Rapport final" in client.get(french).content.decode()
    pdf = client.get("/en/report/trade-2025/download/pdf-en/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    # The current consultation's downloads are not the earlier one's.
    assert client.get("/en/report/download/pdf-en/").status_code == 404
    assert client.get("/en/report/trade-2025/download/html-en/").status_code == 404
    assert client.get("/en/report/no-such-consultation/").status_code == 404
    # Without a published report, the address is not found.
    ReportRun.objects.filter(consultation=earlier).update(published=False)
    assert client.get("/en/report/trade-2025/").status_code == 404
    assert "trade-2025" not in client.get("/en/report/").content.decode()


def test_stale_run_can_be_retried_but_a_live_one_cannot(client, staff, consultation, settings):
    settings.REPORT_HEARTBEAT_TIMEOUT_SECONDS = 60
    live = ReportRunFactory(
        consultation=consultation, state=RunState.RUNNING, heartbeat_at=timezone.now()
    )
    client.force_login(staff)
    client.post(reverse("reports:run_retry", kwargs={"pk": live.pk}))
    live.refresh_from_db()
    assert live.state == RunState.RUNNING
    ReportRun.objects.filter(pk=live.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert f"Retry run {live.pk}" in client.get(reverse("reports:staff_runs")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_message_after_starting_a_run_says_what_happened(client, question):
    # A transactional test, so the job runs on commit inside the request, as in production.
    # An earlier transactional test may have flushed the role groups.
    role_groups_restore()
    staff = UserFactory(role="staff")
    client.force_login(staff)
    response = client.post(
        reverse("reports:staff_runs"),
        {"cutoff": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    run = ReportRun.objects.get()
    assert run.state == RunState.SUCCEEDED
    page = response.content.decode()
    assert f"Report run {run.pk} finished: its files are ready." in page
    assert "is queued" not in page


def test_publishing_asks_for_confirmation_with_a_preview(client, staff, succeeded_run):
    client.force_login(staff)
    url = reverse("reports:run_publish", kwargs={"pk": succeeded_run.pk})
    runs_page = client.get(reverse("reports:staff_runs")).content.decode()
    # The table links to the confirmation page; no form publishes from the list.
    assert f'href="{url}"' in runs_page and f'action="{url}"' not in runs_page
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'action="{url}"' in html
    for kind in ("html-en", "html-fr"):
        preview = reverse("reports:staff_download", kwargs={"pk": succeeded_run.pk, "kind": kind})
        assert f'href="{preview}"' in html
        assert client.get(preview).status_code == 200
    succeeded_run.refresh_from_db()
    assert not succeeded_run.published
    client.post(url)
    succeeded_run.refresh_from_db()
    assert succeeded_run.published


def test_quotes_in_the_report_are_rendered_not_raw_markdown(
    client, staff, question, django_capture_on_commit_callbacks
):
    for n in range(5):
        AnswerFactory(question=question, body=f"Answer {n} about peacekeeping")
    AnswerFactory(
        question=question,
        body="Canada should keep **training other forces** abroad.",
        featured=True,
        consent_to_publish=True,
        display_name="Sam",
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_start(
            consultation=question.consultation, requested_by=staff, cutoff=timezone.now()
        )
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED, run.error
    report_run_publish(run=run, by=staff)
    html = client.get(reverse("reports:report")).content.decode()
    assert "<strong>training other forces</strong>" in html
    assert "**training" not in html
