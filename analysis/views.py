"""The analysis workbench. Thin: read, check the analyst permission, call a service, respond.

Every page is a plain form or link, so the workbench works without JavaScript;
`analysis/workbench.js` only adds keys (j/k to move, digits to apply a code).
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import SignedInRequest, analyst_required
from config.rendering import form_render
from dialogue.selectors import current_consultation
from moderation.models import Status
from moderation.pii import pii_mask
from questions.models import Answer, Question

from . import duplicates, jobs, selectors, services
from .forms import (
    AnswerFilterForm,
    BulkCodingForm,
    CodeChangeForm,
    CodeForm,
    ExportForm,
    NoteForm,
    SubmissionCodingForm,
    SubmissionExcerptForm,
    SubmissionForm,
    SubmissionUploadForm,
    SuggestionAcceptForm,
)
from .models import AnalysisJob, Code, DuplicateGroup, Submission, SuggestedCode
from .submissions_io import ImportRefused, submissions_import

PAGE_SIZE = 50
GROUP_EXAMPLES = 5


def _question(pk: int) -> Question:
    consultation = current_consultation()
    return get_object_or_404(
        Question.objects.select_related("chapter", "consultation"),
        pk=pk,
        consultation=consultation,
    )


def _errors(request: SignedInRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@analyst_required
@require_GET
def index(request: SignedInRequest) -> HttpResponse:
    consultation = current_consultation()
    return render(
        request,
        "analysis/index.html",
        {
            "progress": selectors.progress_by_question(consultation),
            "consultation": consultation,
            "codebook_version": selectors.codebook_version(consultation.pk),
        },
    )


def _filter_query(form: AnswerFilterForm) -> str:
    if not form.is_valid():
        return ""
    pairs = []
    for name in AnswerFilterForm.FIELDS:
        value = form.cleaned_data.get(name)
        if value in (None, "", False):
            continue
        pairs.append((name, "on" if value is True else value))
    return urlencode(pairs)


@analyst_required
@require_http_methods(["GET", "POST"])
def question(request: SignedInRequest, pk: int) -> HttpResponse:
    """The answers of one question, filtered; POST applies or removes a code in bulk."""
    item = _question(pk)
    codes = selectors.codes_of(item.consultation)
    active = [code for code in codes if code.active]
    source = request.POST if request.method == "POST" else request.GET
    filters_form = AnswerFilterForm(source, codes=codes)
    filters = filters_form.to_filter()
    matching = selectors.workbench_answers(item, filters, analyst=request.user)
    query = _filter_query(filters_form)

    status = 200
    bulk: BulkCodingForm | None = None
    if request.method == "POST":
        ids = [int(value) for value in request.POST.getlist("answer") if value.isdigit()]
        bulk = BulkCodingForm(request.POST, codes=active, answer_ids=ids)
        if bulk.is_valid():
            data = bulk.cleaned_data
            code = next(code for code in active if code.pk == data["code"])
            if data["scope"] == "matching":
                ids = list(matching.values_list("pk", flat=True))
            else:
                ids = data["answer"]
            try:
                if data["action"] == "add":
                    n = services.coding_apply(
                        analyst=request.user, code=code, question=item, answer_ids=ids
                    )
                    messages.success(
                        request,
                        ngettext(
                            "Code “%(code)s” applied to %(n)s answer.",
                            "Code “%(code)s” applied to %(n)s answers.",
                            n,
                        )
                        % {"code": code.label, "n": n},
                    )
                else:
                    n = services.coding_remove(
                        analyst=request.user, code=code, question=item, answer_ids=ids
                    )
                    messages.success(
                        request,
                        ngettext(
                            "Your code “%(code)s” removed from %(n)s answer.",
                            "Your code “%(code)s” removed from %(n)s answers.",
                            n,
                        )
                        % {"code": code.label, "n": n},
                    )
            except ValidationError as error:
                _errors(request, error)
                status = 422
            else:
                url = reverse("analysis:question", kwargs={"pk": item.pk})
                page_number = request.POST.get("page", "")
                parts = [
                    part
                    for part in (query, f"page={page_number}" if page_number.isdigit() else "")
                    if part
                ]
                return redirect(f"{url}?{'&'.join(parts)}" if parts else url)
        else:
            status = 422

    paginator = Paginator(matching, PAGE_SIZE)
    page = paginator.get_page(source.get("page"))
    # Answer rows, given below what the template shows (masked text, notes, coding).
    answers: list[Any] = list(page.object_list)
    for answer in answers:
        answer.masked = pii_mask(answer.body, answer.language)
        answer.note = answer.my_notes[0].text if answer.my_notes else ""
        answer.mine = [
            coding.code for coding in answer.codings.all() if coding.analyst_id == request.user.pk
        ]
        answer.others = [
            coding for coding in answer.codings.all() if coding.analyst_id != request.user.pk
        ]
    return form_render(
        request,
        "analysis/question.html",
        {
            "question": item,
            "codes": codes,
            "active_codes": active,
            "filters": filters_form,
            "bulk": bulk,
            "form": bulk,
            "page": page,
            "answers": answers,
            "query": query,
            "analysts": selectors.progress_by_analyst(item),
        },
        status=status,
    )


@analyst_required
@require_POST
def note(request: SignedInRequest, pk: int) -> HttpResponse:
    answer = get_object_or_404(
        Answer.objects.select_related("question"),
        pk=pk,
        status=Status.PUBLISHED,
        question__consultation=current_consultation(),
    )
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_save(analyst=request.user, answer=answer, text=form.cleaned_data["text"])
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, gettext("Your note is saved."))
    else:
        messages.error(request, gettext("A note holds at most 5000 characters."))
    url = reverse("analysis:question", kwargs={"pk": answer.question_id})
    back = request.POST.get("back", "")
    return redirect(f"{url}?{back}#answer-{answer.pk}" if back else f"{url}#answer-{answer.pk}")


@analyst_required
@require_GET
def agreement(request: SignedInRequest, pk: int) -> HttpResponse:
    item = _question(pk)
    analysts = selectors.analysts_of(item)
    by_id = {person.pk: person for person in analysts}
    first_id, second_id = _int(request.GET.get("a")), _int(request.GET.get("b"))
    first = by_id.get(first_id) if first_id is not None else None
    second = by_id.get(second_id) if second_id is not None else None
    if first is None and len(analysts) >= 2:
        first, second = analysts[0], analysts[1]
    rows = (
        selectors.agreement_per_code(item, first, second)
        if first is not None and second is not None and first != second
        else []
    )
    return render(
        request,
        "analysis/agreement.html",
        {"question": item, "analysts": analysts, "first": first, "second": second, "rows": rows},
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@analyst_required
@require_http_methods(["GET", "POST"])
def codebook(request: SignedInRequest) -> HttpResponse:
    consultation = current_consultation()
    book = services.codebook_for(consultation)
    codes = selectors.codes_of(consultation)
    themes = [code for code in codes if code.parent_id is None and code.active]
    form = CodeForm(request.POST or None, themes=themes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parent = next((code for code in themes if code.pk == data["parent"]), None)
        try:
            code = services.code_create(
                codebook=book,
                label_en=data["label_en"],
                label_fr=data["label_fr"],
                description_en=data["description_en"],
                description_fr=data["description_fr"],
                parent=parent,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Code “%(code)s” added.") % {"code": code.label})
            return redirect("analysis:codebook")
    book.refresh_from_db()
    return form_render(
        request,
        "analysis/codebook.html",
        {"form": form, "codes": codes, "codebook": book},
    )


@analyst_required
@require_POST
def code_change(request: SignedInRequest, pk: int) -> HttpResponse:
    consultation = current_consultation()
    code = get_object_or_404(Code, pk=pk, codebook__consultation=consultation)
    codes = [other for other in selectors.codes_of(consultation) if other.active]
    form = CodeChangeForm(request.POST, codes=codes)
    if not form.is_valid():
        messages.error(request, gettext("Choose retire, or merge with a code to merge into."))
        return redirect("analysis:codebook")
    try:
        if form.cleaned_data["action"] == "retire":
            services.code_retire(code=code)
            messages.success(request, gettext("Code “%(code)s” retired.") % {"code": code.label})
        else:
            target = next((c for c in codes if c.pk == form.cleaned_data["target"]), None)
            if target is None:
                raise ValidationError(gettext("Choose the code to merge into."))
            services.code_merge(source=code, target=target)
            messages.success(
                request,
                gettext("Code “%(code)s” merged into “%(target)s”.")
                % {"code": code.label, "target": target.label},
            )
    except ValidationError as error:
        _errors(request, error)
    return redirect("analysis:codebook")


# --- duplicates and campaigns ------------------------------------------------------


@analyst_required
@require_http_methods(["GET", "POST"])
def duplicate_groups(request: SignedInRequest, pk: int) -> HttpResponse:
    item = _question(pk)
    if request.method == "POST":
        jobs.analysis_job_start(
            consultation=item.consultation,
            kind=AnalysisJob.Kind.DUPLICATES,
            by=request.user,
            question=item,
        )
        messages.success(
            request, gettext("Detection started. Reload this page to see the groups it found.")
        )
        return redirect("analysis:duplicates", pk=item.pk)
    groups = list(selectors.duplicate_groups(item).prefetch_related("members__answer"))
    for group in groups:
        group_masked = pii_mask(group.common_text)
        group.masked = group_masked  # type: ignore[attr-defined]  # shown by the template
        common = duplicates.normalise(group.common_text)
        variants: list[dict[str, Any]] = []
        for member in group.members.all():
            if len(variants) == GROUP_EXAMPLES:
                break
            if duplicates.normalise(member.answer.body) != common:
                # Diffed as readers would see both texts: masked, never the raw form.
                masked = pii_mask(member.answer.body, member.answer.language)
                variants.append(
                    {"id": member.answer_id, "diff": duplicates.word_diff(group_masked, masked)}
                )
        group.variants = variants  # type: ignore[attr-defined]  # shown by the template
    last = (
        AnalysisJob.objects.filter(question=item, kind=AnalysisJob.Kind.DUPLICATES)
        .order_by("-created_at", "-id")
        .first()
    )
    return render(
        request,
        "analysis/duplicates.html",
        {"question": item, "groups": groups, "last_job": last},
    )


@analyst_required
@require_POST
def campaign_mark(request: SignedInRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(DuplicateGroup, pk=pk, question__consultation=current_consultation())
    is_campaign = request.POST.get("campaign") == "yes"
    services.campaign_mark(group=group, by=request.user, is_campaign=is_campaign)
    messages.success(
        request,
        gettext("The group is marked as a campaign.")
        if is_campaign
        else gettext("The group is no longer marked as a campaign."),
    )
    return redirect("analysis:duplicates", pk=group.question_id)


# --- submissions received outside the site -----------------------------------------


def _question_choices(consultation: Any) -> list[tuple[int, str]]:
    return [
        (q.pk, f"{q.pk}. {str(q.text)[:80]}")
        for q in Question.objects.filter(consultation=consultation).order_by(
            "chapter__order", "order", "id"
        )
    ]


@analyst_required
@require_http_methods(["GET", "POST"])
def submissions(request: SignedInRequest) -> HttpResponse:
    consultation = current_consultation()
    form = SubmissionForm(
        request.POST if "body" in request.POST else None,
        question_choices=_question_choices(consultation),
    )
    upload = SubmissionUploadForm()
    import_errors: list[Any] = []
    status = 200
    if request.method == "POST" and "file" in request.FILES:
        upload = SubmissionUploadForm(request.POST, request.FILES)
        if upload.is_valid():
            file = upload.cleaned_data["file"]
            try:
                created = submissions_import(
                    consultation=consultation, by=request.user, name=file.name, stream=file
                )
            except ImportRefused as refused:
                import_errors = refused.errors
                status = 422
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s submission imported.", "%(n)s submissions imported.", len(created)
                    )
                    % {"n": len(created)},
                )
                return redirect("analysis:submissions")
        else:
            status = 422
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submission_create(
                consultation=consultation,
                by=request.user,
                channel=data["channel"],
                received_on=data["received_on"],
                organisation=data["organisation"],
                participant_count=data["participant_count"],
                language=data["language"],
                body=data["body"],
                question_ids=data["questions"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("The submission is saved."))
            return redirect("analysis:submissions")
    elif request.method == "POST":
        status = 422  # neither a complete submission nor a file
    return form_render(
        request,
        "analysis/submissions.html",
        {
            "form": form,
            "upload": upload,
            "import_errors": import_errors,
            "submissions": selectors.submissions_of(consultation),
        },
        status=status,
    )


@analyst_required
@require_http_methods(["GET", "POST"])
def submission(request: SignedInRequest, pk: int) -> HttpResponse:
    consultation = current_consultation()
    item = get_object_or_404(Submission, pk=pk, consultation=consultation)
    active = [code for code in selectors.codes_of(consultation) if code.active]
    excerpt_post = request.method == "POST" and request.POST.get("form") == "excerpt"
    excerpt_form = SubmissionExcerptForm(
        request.POST if excerpt_post else None,
        initial={"excerpt": item.excerpt, "excerpt_consent": item.excerpt_consent},
    )
    form = SubmissionCodingForm(None if excerpt_post else request.POST or None, codes=active)
    if excerpt_post and excerpt_form.is_valid():
        try:
            services.submission_excerpt_save(
                submission=item,
                excerpt=excerpt_form.cleaned_data["excerpt"],
                consent=excerpt_form.cleaned_data["excerpt_consent"],
            )
        except ValidationError as error:
            excerpt_form.add_error(None, error)
        else:
            messages.success(request, gettext("The excerpt is saved."))
            return redirect("analysis:submission", pk=item.pk)
    if request.method == "POST" and not excerpt_post and form.is_valid():
        code = next(code for code in active if code.pk == form.cleaned_data["code"])
        try:
            if form.cleaned_data["action"] == "add":
                services.submission_coding_apply(analyst=request.user, code=code, submission=item)
            else:
                services.submission_coding_remove(analyst=request.user, code=code, submission=item)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("The coding is saved."))
            return redirect("analysis:submission", pk=item.pk)
    return form_render(
        request,
        "analysis/submission.html",
        {
            "submission": item,
            "masked": pii_mask(item.body, item.language),
            "codings": item.codings.select_related("code", "analyst").order_by("id"),
            "form": form,
            "excerpt_form": excerpt_form,
        },
    )


# --- suggested codes -----------------------------------------------------------------


@analyst_required
@require_http_methods(["GET", "POST"])
def suggestions(request: SignedInRequest, pk: int) -> HttpResponse:
    item = _question(pk)
    if request.method == "POST":
        language = request.POST.get("language", "")
        try:
            jobs.analysis_job_start(
                consultation=item.consultation,
                kind=AnalysisJob.Kind.SUGGESTIONS,
                by=request.user,
                question=item,
                language=language,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request, gettext("Suggestions are being computed. Reload this page to see them.")
            )
        return redirect("analysis:suggestions", pk=item.pk)
    latest: dict[str, AnalysisJob] = {}
    for job in AnalysisJob.objects.filter(
        question=item, kind=AnalysisJob.Kind.SUGGESTIONS
    ).order_by("-created_at", "-id"):
        latest.setdefault(job.language, job)
    shown = list(
        SuggestedCode.objects.filter(job__in=[job.pk for job in latest.values()]).order_by(
            "language", "rank"
        )
    )
    examples = {
        answer.pk: pii_mask(answer.body, answer.language)
        for answer in Answer.objects.filter(
            pk__in=[pk for suggestion in shown for pk in suggestion.example_ids]
        )
    }
    for suggestion in shown:
        suggestion.examples = [  # type: ignore[attr-defined]  # shown by the template
            examples[pk] for pk in suggestion.example_ids if pk in examples
        ]
    return render(
        request,
        "analysis/suggestions.html",
        {"question": item, "suggestions": shown, "jobs": latest},
    )


@analyst_required
@require_POST
def suggestion_decide(request: SignedInRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(
        SuggestedCode, pk=pk, question__consultation=current_consultation()
    )
    if request.POST.get("decision") == "ignore":
        services.suggestion_ignore(suggestion=suggestion)
        messages.success(request, gettext("The suggestion is ignored."))
        return redirect("analysis:suggestions", pk=suggestion.question_id)
    form = SuggestionAcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("A code needs a label in English and in French."))
        return redirect("analysis:suggestions", pk=suggestion.question_id)
    try:
        code = services.suggestion_accept(suggestion=suggestion, **form.cleaned_data)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request, gettext("Code “%(code)s” added to the codebook.") % {"code": code.label}
        )
    return redirect("analysis:suggestions", pk=suggestion.question_id)


# --- exports -----------------------------------------------------------------------


@analyst_required
@require_http_methods(["GET", "POST"])
def exports(request: SignedInRequest) -> HttpResponse:
    consultation = current_consultation()
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind = (
            AnalysisJob.Kind.EXPORT_XLSX
            if form.cleaned_data["format"] == "xlsx"
            else AnalysisJob.Kind.EXPORT_CSV
        )
        jobs.analysis_job_start(
            consultation=consultation,
            kind=kind,
            by=request.user,
            include_notes=form.cleaned_data["include_notes"],
        )
        messages.success(
            request, gettext("The export is being written. Reload this page to download it.")
        )
        return redirect("analysis:exports")
    listed = AnalysisJob.objects.filter(
        consultation=consultation,
        kind__in=[AnalysisJob.Kind.EXPORT_CSV, AnalysisJob.Kind.EXPORT_XLSX],
    ).order_by("-created_at", "-id")[:20]
    return form_render(request, "analysis/exports.html", {"form": form, "jobs": listed})


@analyst_required
@require_GET
def export_download(request: SignedInRequest, pk: int) -> FileResponse:
    job = get_object_or_404(
        AnalysisJob,
        pk=pk,
        consultation=current_consultation(),
        kind__in=[AnalysisJob.Kind.EXPORT_CSV, AnalysisJob.Kind.EXPORT_XLSX],
        state="succeeded",
    )
    try:
        path = jobs.export_path(job)
        handle = open(path, "rb")  # noqa: SIM115 (FileResponse closes it)
    except (OSError, ValueError) as error:
        raise Http404 from error
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if job.kind == AnalysisJob.Kind.EXPORT_XLSX
        else "text/csv; charset=utf-8"
    )
    return FileResponse(handle, as_attachment=True, filename=job.path, content_type=content_type)
