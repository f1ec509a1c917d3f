from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.ratelimit import (
    RateLimited,
    address_key,
    rate_limit_check,
    rate_limited_page,
    requester_key,
)
from config.i18n import language_code
from config.rendering import form_render

from . import selectors, services
from .forms import FeedbackForm
from .models import PageKind
from .search import search as site_search


def splash(request):
    """The bilingual entry page at `/`: one link to each language."""
    return render(
        request,
        "splash.html",
        {
            "department_name_en": settings.DEPARTMENT_NAME_EN,
            "department_name_fr": settings.DEPARTMENT_NAME_FR,
            # One title, from the consultation record, as on the site's own pages.
            "consultation": selectors.current_consultation_or_none(),
        },
    )


def fallback_language(obj, fields):
    """The other language, when one of `fields` has no text in the reader's language."""
    language = language_code()
    if any(not getattr(obj, f"{field}_{language}", "") for field in fields):
        return "fr" if language == "en" else "en"
    return None


def home(request):
    consultation = selectors.current_consultation_or_none()
    context = {"consultation": consultation}
    if consultation is not None:
        context.update(
            minister=selectors.page_of_kind_or_none(consultation, PageKind.MINISTER),
            chapters=selectors.chapters_with_sections(consultation),
            date_modified=consultation.updated_at,
        )
    return render(request, "dialogue/home.html", context)


def page(request, kind):
    consultation = selectors.current_consultation()
    page = selectors.page_of_kind(consultation, kind)
    return render(
        request,
        "dialogue/page.html",
        {
            "page": page,
            "fallback": fallback_language(page, ["title", "body"]),
            "date_modified": page.updated_at,
        },
    )


def paper(request):
    consultation = selectors.current_consultation()
    chapters = selectors.chapters_with_sections(consultation)
    return render(
        request,
        "dialogue/paper.html",
        {
            "consultation": consultation,
            "chapters": chapters,
            "date_modified": max((c.updated_at for c in chapters), default=None),
        },
    )


def chapter(request, slug):
    consultation = selectors.current_consultation()
    preview = request.user.has_perm("accounts.manage_consultation")
    chapter = selectors.chapter_by_slug(consultation, slug, include_unpublished=preview)
    previous_chapter, next_chapter = selectors.chapter_neighbours(consultation, chapter)
    return render(
        request,
        "dialogue/chapter.html",
        {
            "chapter": chapter,
            "twin_object": chapter,
            "sections": chapter.sections.all(),
            "questions": chapter.questions.all(),
            "previous_chapter": previous_chapter,
            "next_chapter": next_chapter,
            "first_chapter": selectors.first_chapter(consultation),
            "fallback": fallback_language(chapter, ["title", "body"]),
            "date_modified": chapter.updated_at,
        },
    )


def interviews(request):
    consultation = selectors.current_consultation()
    return render(
        request,
        "dialogue/interviews.html",
        {"interviews": selectors.interviews(consultation)},
    )


def interview(request, slug):
    consultation = selectors.current_consultation()
    interview = selectors.interviews(consultation).filter(slug=slug).first()
    if interview is None:
        raise Http404
    return render(
        request,
        "dialogue/interview.html",
        {
            "interview": interview,
            "fallback": fallback_language(interview, ["summary", "body"]),
            "date_modified": interview.updated_at,
        },
    )


def resources(request):
    consultation = selectors.current_consultation()
    return render(
        request,
        "dialogue/resources.html",
        {"topics": selectors.topics_with_resources(consultation)},
    )


def feedback(request: HttpRequest) -> HttpResponse:
    form = FeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_create(
                message=form.cleaned_data["message"],
                email=form.cleaned_data["email"],
                page_url=form.cleaned_data["page_url"],
                language=language_code(),
                user=request.user if request.user.is_authenticated else None,
                sender_key=requester_key(request),
            )
        except RateLimited as error:
            form.add_error(None, error.message)
            status = error.status
        else:
            messages.success(request, _("Thank you: your feedback was sent to the team."))
            return redirect("dialogue:feedback")
    return form_render(request, "dialogue/feedback.html", {"form": form}, status=status)


def sitemap(request):
    consultation = selectors.current_consultation_or_none()
    context = {"consultation": consultation}
    if consultation is not None:
        context.update(
            chapters=selectors.chapters_with_sections(consultation),
            interviews=selectors.interviews(consultation),
            extra_links=selectors.sitemap_extra_links(consultation),
        )
    return render(request, "dialogue/sitemap.html", context)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    consultation = selectors.current_consultation_or_none()
    results = []
    if query and consultation is not None:
        try:
            rate_limit_check(
                action="search",
                key=address_key(request),
                rate=settings.SEARCH_RATE,
                message=_(
                    "You have searched many times in a short time. Please wait a moment, "
                    "then search again."
                ),
            )
        except RateLimited as error:
            return rate_limited_page(request, error.message)
        results = site_search(
            consultation=consultation, language=language_code(), query=query, user=request.user
        )
    return render(
        request,
        "dialogue/search.html",
        {"search_query": query, "results": results, "kind_labels": selectors.search_kind_labels()},
    )
