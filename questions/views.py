from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import SignedInRequest, contributor_required, moderator_required
from accounts.ratelimit import RateLimited
from config.i18n import language_code
from config.pagination import IdPaginator
from config.rendering import form_render
from dialogue.models import Consultation
from dialogue.selectors import current_consultation, current_consultation_or_none
from moderation.models import Status
from moderation.reasons import reason_choices

from . import selectors
from .forms import AnswerFilterForm, AnswerForm
from .models import Answer
from .services import (
    ConsultationClosed,
    answer_feature,
    answer_save,
    answer_withdraw,
    answers_open_check,
)

ANSWERS_PER_PAGE = 20
PROFILE_PROMPT = "questions:profile_prompt"


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every question, by chapter, with the participant's own status for each."""
    consultation = current_consultation_or_none()
    chapters, own = [], {}
    if consultation is not None:
        chapters = list(selectors.chapters_with_questions(consultation, with_counts=True))
        own = selectors.own_answers_by_question(request.user, consultation)
    for chapter in chapters:
        for question in chapter.questions.all():
            question.own_answer = own.get(question.pk)  # type: ignore[attr-defined]  # shown by the template
    return render(
        request,
        "questions/index.html",
        {
            "consultation": consultation,
            "chapters": chapters,
            "profile_prompt": request.session.pop(PROFILE_PROMPT, False),
        },
    )


def _initial(answer, user):
    if answer is None:
        return {
            "language": language_code(),
            "display_name": user.display_name,
        }
    return {
        "body": answer.body,
        "language": answer.language,
        "consent_to_publish": answer.consent_to_publish,
        "display_name": answer.display_name,
    }


def _closed_message(consultation: Consultation) -> str | None:
    """The service's refusal when the consultation no longer takes answers, else None."""
    try:
        answers_open_check(consultation)
    except ConsultationClosed as closed:
        return str(closed.message)
    return None


@require_http_methods(["GET", "POST"])
@contributor_required
def answer(request: SignedInRequest, pk: int) -> HttpResponse:
    """The answer form of one question: save a draft, submit, or resubmit after an edit."""
    consultation = current_consultation()
    question = selectors.question_get(consultation, pk)
    existing = selectors.own_answer(request.user, question)
    status = 200
    if request.method == "POST":
        form = AnswerForm(request.POST, question=question)
        closed = _closed_message(consultation)
        if closed is not None:
            # Refused before anything is read: what was saved stays as it was.
            form = AnswerForm(initial=_initial(existing, request.user), question=question)
            messages.error(request, closed)
            status = 403
        elif form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                saved, first = answer_save(
                    user=request.user, question=question, submit=submit, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            except RateLimited as error:
                form.add_error(None, error.message)
                status = error.status
            except PermissionDenied:
                return render(request, "accounts/suspended.html", status=403)
            else:
                if not submit:
                    messages.success(request, _("Your draft is saved. Nobody else can see it."))
                elif saved.status == Status.PUBLISHED:
                    messages.success(request, _("Thank you: your answer is published."))
                else:
                    messages.success(
                        request,
                        _("Thank you: your answer is pending review by a moderator."),
                    )
                if first and request.user.profile_completed_at is None:
                    request.session[PROFILE_PROMPT] = True
                return redirect("questions:answer", pk=question.pk)
    else:
        form = AnswerForm(initial=_initial(existing, request.user), question=question)
    return form_render(
        request,
        "questions/answer.html",
        {
            "question": question,
            "consultation": consultation,
            "form": form,
            "answer": existing,
            "profile_prompt": request.session.pop(PROFILE_PROMPT, False),
        },
        status=status,
    )


@require_POST
@contributor_required
def withdraw(request, pk):
    answer = get_object_or_404(
        Answer.objects.select_related("question__consultation"), pk=pk, author=request.user
    )
    try:
        answer_withdraw(user=request.user, answer=answer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Your answer is withdrawn: it is no longer shown on the site, its quote leaves "
                "the published report at once, and the report's files are re-issued without it "
                "within minutes. Its counts change when the next report is published."
            ),
        )
    return redirect("questions:answer", pk=answer.question_id)


@require_GET
def answers(request: HttpRequest) -> HttpResponse:
    """View Answers: every question with its count of published answers."""
    consultation = current_consultation_or_none()
    chapters = []
    if consultation is not None:
        chapters = selectors.chapters_with_questions(consultation, with_counts=True)
    return render(
        request, "questions/answers.html", {"consultation": consultation, "chapters": chapters}
    )


@require_GET
def question_answers(request: HttpRequest, pk: int) -> HttpResponse:
    """The published answers of one question, filtered and paginated."""
    consultation = current_consultation()
    question = selectors.question_get(consultation, pk)
    filters = AnswerFilterForm(request.GET)
    language, order = filters.choices()
    hidden = selectors.answers_hidden_until_own(question, request.user)
    page = None
    if not hidden:
        page = IdPaginator(
            selectors.answers_of_question(
                question, language=language, oldest_first=order == "oldest"
            ),
            ANSWERS_PER_PAGE,
            count_key=f"answers:{question.pk}:{language}",
        ).get_page(request.GET.get("page"))
    published = [a.published_at for a in page.object_list if a.published_at] if page else []
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "questions/question_answers.html",
        {
            "question": question,
            "consultation": consultation,
            "filters": filters,
            "page": page,
            "hidden": hidden,
            "query": query.urlencode(),
            "reason_choices": reason_choices(),
            "date_modified": max(published) if published else None,
        },
    )


@require_POST
@moderator_required
def feature(request, pk):
    answer = get_object_or_404(Answer, pk=pk)
    featured = request.POST.get("featured") == "1"
    try:
        answer_feature(moderator=request.user, answer=answer, featured=featured)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The answer is featured for the report.")
            if featured
            else _("The answer is no longer featured."),
        )
    url = reverse("questions:question_answers", kwargs={"pk": answer.question_id})
    return redirect(f"{url}#answer-{answer.pk}")
