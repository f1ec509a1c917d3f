"""Final Report page, staff report runs and exports. Thin: read, check, call a service, respond."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import SignedInRequest, staff_required
from config.rendering import form_render
from dialogue.models import Consultation
from dialogue.selectors import current_consultation, current_consultation_or_none
from questions.models import Question

from . import authored, exports, quotes, services
from .forms import ReportTextForm, RunStartForm
from .models import AnswerExport, ReportOutput, ReportRun, RunState, TextKind
from .selectors import published_run, reported_consultations, runs_for_staff

STAFF_RUNS_SHOWN = 50


def _file_response(output: ReportOutput) -> FileResponse:
    try:
        path = services.output_path(output)
        handle = open(path, "rb")  # noqa: SIM115 (FileResponse closes it)
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=True, filename=output.path, content_type=output.content_type
    )


@dataclass(frozen=True)
class ConsultationReport:
    """The report's permanent page, under its consultation's slug (its twin is rebuilt
    from the slug in the other language); the documents link to it."""

    consultation: Consultation

    def get_absolute_url(self) -> str:
        return reverse("reports:consultation_report", kwargs={"slug": self.consultation.slug})


def _report_render(
    request: HttpRequest, consultation: Consultation | None, *, named: bool
) -> HttpResponse:
    run = published_run(consultation=consultation) if consultation else None
    context: dict[str, Any] = {"consultation": consultation, "run": run, "named": named}
    if named and consultation is not None:
        context["twin_object"] = ConsultationReport(consultation)
    else:
        context["reported"] = reported_consultations(besides=consultation)
    if run is not None and consultation is not None:
        language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("en", "fr") else "en"
        outputs = {output.kind: output for output in run.outputs.all()}
        context.update(
            # The stored report was rendered by the job with the template's escaping.
            report_body=services.published_report_body(run, language=language),
            downloads=[
                (outputs[kind], _download_url(consultation, kind, named=named))
                for kind in services.PUBLIC_KINDS
                if kind in outputs
            ],
            date_modified=run.published_at,
        )
    return render(request, "reports/report.html", context)


def _download_url(consultation: Consultation, kind: str, *, named: bool) -> str:
    if named:
        return reverse(
            "reports:consultation_download", kwargs={"slug": consultation.slug, "kind": kind}
        )
    return reverse("reports:public_download", kwargs={"kind": kind})


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    return _report_render(request, current_consultation_or_none(), named=False)


def _reported_by_slug(slug: str) -> Consultation:
    consultation = get_object_or_404(Consultation, slug=slug)
    if published_run(consultation=consultation) is None:
        raise Http404
    return consultation


@require_GET
def consultation_report(request: HttpRequest, slug: str) -> HttpResponse:
    """A published report at its permanent address, current consultation or not."""
    return _report_render(request, _reported_by_slug(slug), named=True)


@require_GET
def public_download(request: HttpRequest, kind: str) -> FileResponse:
    return _public_file(current_consultation(), kind)


@require_GET
def consultation_download(request: HttpRequest, slug: str, kind: str) -> FileResponse:
    return _public_file(_reported_by_slug(slug), kind)


def _public_file(consultation: Consultation, kind: str) -> FileResponse:
    run = published_run(consultation=consultation)
    if run is None or kind not in services.PUBLIC_KINDS:
        raise Http404
    return _file_response(get_object_or_404(ReportOutput, run=run, kind=kind))


@staff_required
@require_http_methods(["GET", "POST"])
def staff_runs(request: HttpRequest) -> HttpResponse:
    consultation = current_consultation()
    form = RunStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.report_run_start(
                consultation=consultation,
                requested_by=request.user,
                cutoff=form.cleaned_data["cutoff"],
            )
        except ValidationError as exc:
            form.add_error("cutoff", exc)
        else:
            _run_started_message(request, run)
            return redirect("reports:staff_runs")
    runs = list(runs_for_staff(consultation=consultation)[:STAFF_RUNS_SHOWN])
    for run in runs:
        run.can_retry = services.run_can_retry(run)  # type: ignore[attr-defined]  # shown by the template
        run.progress_label = progress_percent(run.progress)  # type: ignore[attr-defined]  # shown by the template
        run.progress_text = services.progress_text(run)  # type: ignore[attr-defined]  # shown by the template
        run.error_text = services.error_text(run)  # type: ignore[attr-defined]  # shown by the template
    return form_render(
        request,
        "reports/staff_runs.html",
        {"form": form, "runs": runs, "consultation": consultation},
    )


def _run_started_message(request: HttpRequest, run: ReportRun) -> None:
    """Say where the run stands now: with an eager or fast worker it may already be done."""
    run.refresh_from_db(fields=["state", "error"])
    number = {"number": run.pk}
    if run.state == RunState.SUCCEEDED:
        messages.success(
            request, gettext("Report run %(number)s finished: its files are ready.") % number
        )
    elif run.state == RunState.FAILED:
        messages.error(
            request,
            gettext("Report run %(number)s failed: %(error)s")
            % {**number, "error": services.error_text(run)},
        )
    elif run.state == RunState.RUNNING:
        messages.info(request, gettext("Report run %(number)s has started.") % number)
    else:
        messages.info(
            request,
            gettext("Report run %(number)s is queued: it starts when a worker is free.") % number,
        )


def attempt_text(run: ReportRun) -> str:
    return gettext("Attempt %(number)s") % {"number": run.attempts} if run.attempts else ""


def last_sign_text(run: ReportRun) -> str:
    if run.heartbeat_at is None:
        return ""
    return gettext("Last sign of life: %(when)s (%(ago)s ago)") % {
        "when": date_format(timezone.localtime(run.heartbeat_at), "SHORT_DATETIME_FORMAT"),
        "ago": timesince(run.heartbeat_at),
    }


def progress_percent(value: int) -> str:
    return gettext("%(percent)s%%") % {"percent": value}


def _staff_run(pk: int) -> ReportRun:
    return get_object_or_404(ReportRun, pk=pk, consultation=current_consultation())


@staff_required
@require_GET
def run_progress(request: HttpRequest, pk: int) -> JsonResponse:
    run = _staff_run(pk)
    return JsonResponse(
        {
            "id": run.pk,
            "state": run.state,
            "state_label": run.get_state_display(),
            "progress": run.progress,
            "percent": progress_percent(run.progress),
            "note": services.progress_text(run),
            "attempt": run.attempts,
            "attempt_label": attempt_text(run),
            "last_sign_of_life": last_sign_text(run),
            "finished": run.state in (RunState.SUCCEEDED, RunState.FAILED),
        }
    )


@staff_required
@require_POST
def run_retry(request: SignedInRequest, pk: int) -> HttpResponse:
    run = _staff_run(pk)
    try:
        services.report_run_retry(run=run, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, gettext("Report run %(number)s is queued again.") % {"number": run.pk}
        )
    return redirect("reports:staff_runs")


@staff_required
@require_http_methods(["GET", "POST"])
def run_publish(request: SignedInRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation, with links to preview the run; POST publishes it."""
    run = _staff_run(pk)
    if request.method == "GET":
        previews = run.outputs.filter(kind__in=["html-en", "html-fr"]).order_by("kind")
        return render(
            request,
            "reports/publish_confirm.html",
            {
                "run": run,
                "previews": previews,
                "published": published_run(consultation=run.consultation),
            },
        )
    try:
        services.report_run_publish(run=run, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            gettext("Report run %(number)s is now the published final report.")
            % {"number": run.pk},
        )
    return redirect("reports:staff_runs")


@staff_required
@require_GET
def staff_download(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    run = _staff_run(pk)
    return _file_response(get_object_or_404(ReportOutput, run=run, kind=kind))


EXPORTS_SHOWN = 10


@staff_required
@require_http_methods(["GET", "POST"])
def answers_export(request: HttpRequest) -> HttpResponse:
    """GET lists the latest exports; POST asks for a new one and shows its page."""
    consultation = current_consultation()
    if request.method == "POST":
        export = exports.answer_export_start(consultation=consultation, requested_by=request.user)
        return redirect("reports:answer_export", pk=export.pk)
    recent = list(AnswerExport.objects.filter(consultation=consultation)[:EXPORTS_SHOWN])
    for export in recent:
        _export_describe(export)
    return render(request, "reports/answer_exports.html", {"exports": recent})


def _export_describe(export: AnswerExport) -> None:
    percent = exports.export_percent(export)
    export.percent = percent  # type: ignore[attr-defined]  # shown by the template
    export.percent_label = progress_percent(percent)  # type: ignore[attr-defined]  # shown by the template
    export.error_text = exports.export_error_text(export)  # type: ignore[attr-defined]  # shown by the template


def _staff_export(pk: int) -> AnswerExport:
    return get_object_or_404(AnswerExport, pk=pk, consultation=current_consultation())


@staff_required
@require_GET
def answer_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Where one export stands: waiting, writing (with progress), failed, or ready."""
    export = _staff_export(pk)
    _export_describe(export)
    response = render(request, "reports/answer_export.html", {"export": export})
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_GET
def answer_export_download(request: HttpRequest, pk: int) -> FileResponse:
    export = _staff_export(pk)
    try:
        handle = open(exports.export_path(export), "rb")  # noqa: SIM115 (FileResponse closes it)
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=export.file_name,
        content_type="text/csv; charset=utf-8",
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_GET
def staff_texts(request: HttpRequest) -> HttpResponse:
    """The parts staff write, each with its translation status."""
    consultation = current_consultation()
    return render(
        request,
        "reports/staff_texts.html",
        {
            "consultation": consultation,
            "parts": authored.text_parts(consultation=consultation),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def text_edit(request: HttpRequest, key: str) -> HttpResponse:
    """One part, English and French side by side."""
    consultation = current_consultation()
    part = authored.text_part(consultation=consultation, key=key)
    if part is None:
        raise Http404
    signed = part.kind == TextKind.FOREWORD
    initial: dict[str, str] = {}
    if part.text is not None:
        initial = {
            "body_en": part.text.body_en,
            "body_fr": part.text.body_fr,
            "signature_en": part.text.signature_en,
            "signature_fr": part.text.signature_fr,
        }
    elif part.kind == TextKind.METHOD:
        initial = {
            code_field: authored.method_default(consultation=consultation, language=code)
            for code_field, code in (("body_en", "en"), ("body_fr", "fr"))
        }
    form = ReportTextForm(request.POST or None, initial=initial, signed=signed)
    if request.method == "POST" and form.is_valid():
        try:
            authored.report_text_save(
                consultation=consultation,
                part=part,
                body_en=form.cleaned_data["body_en"],
                body_fr=form.cleaned_data["body_fr"],
                signature_en=form.cleaned_data.get("signature_en", ""),
                signature_fr=form.cleaned_data.get("signature_fr", ""),
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, gettext("“%(part)s” is saved.") % {"part": part.label})
            return redirect("reports:staff_texts")
    return form_render(
        request,
        "reports/text_edit.html",
        {"form": form, "part": part, "consultation": consultation},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def quote_picker(request: HttpRequest, question_id: int) -> HttpResponse:
    """Search a question's consented published answers and pick those the report quotes."""
    consultation = current_consultation()
    question = get_object_or_404(Question, pk=question_id, consultation=consultation)
    if request.method == "POST":
        try:
            answer_id = int(request.POST.get("answer", ""))
        except ValueError:
            answer_id = 0
        try:
            if request.POST.get("action") == "remove":
                quotes.quote_unpick(question=question, answer_id=answer_id)
            else:
                quotes.quote_pick(question=question, answer_id=answer_id, by=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        return redirect(
            reverse("reports:quote_picker", args=[question.pk])
            + (f"?q={quote_plus(request.POST.get('q', ''))}" if request.POST.get("q") else "")
        )
    search = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "reports/quote_picker.html",
        {
            "question": question,
            "question_text": authored.question_text(question),
            "search": search,
            "picked": quotes.picked_quotes(question=question),
            "proposed": quotes.proposed_quotes(question=question),
            "candidates": quotes.quote_candidates(question=question, search=search),
        },
    )
