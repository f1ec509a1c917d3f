from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import (
    SignedInRequest,
    contributor_required,
    moderator_required,
    participant_required,
)
from config.i18n import language_code
from config.pagination import IdPaginator
from config.rendering import form_render
from dialogue.selectors import current_consultation
from moderation.models import Status

from . import selectors, services
from .feeds import BoardFeed
from .forms import (
    EditForm,
    FlagForm,
    PostModerationForm,
    ReplyForm,
    SuspendForm,
    ThreadForm,
    ThreadMoveForm,
)
from .models import Board, Post, Thread

THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 20


class _TwinPage:
    """A page about a board, for the language toggle: its URL is rebuilt with the board's
    slug in the language active when `get_absolute_url` runs."""

    def __init__(self, url_name, *, slug_of):
        self.url_name = url_name
        self.board = slug_of

    def get_absolute_url(self):
        return reverse(self.url_name, kwargs={"slug": self.board.slug})


def _refused(request, error, *, back_url, title=None):
    return render(
        request,
        "forum/refused.html",
        {
            "title": title or _("Your message was not posted"),
            "message": error.message,
            "back_url": back_url,
        },
        status=error.status,
    )


def _thread_or_404(pk, request):
    return selectors.thread_for_reading(pk, user=request.user)


def index(request: HttpRequest) -> HttpResponse:
    consultation = current_consultation()
    boards = list(selectors.boards_with_stats(consultation))
    return render(request, "forum/index.html", {"consultation": consultation, "boards": boards})


def board(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = current_consultation()
    board = selectors.board_for_slug(consultation, slug)
    sort = request.GET.get("sort", "activity")
    if sort not in selectors.THREAD_SORTS:
        sort = "activity"
    page = IdPaginator(
        selectors.board_threads(board, sort=sort),
        THREADS_PER_PAGE,
        count_key=f"threads:{board.pk}",
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "forum/board.html",
        {
            "consultation": consultation,
            "board": board,
            "page_obj": page,
            "sort": sort,
            "twin_object": board,
        },
    )


def thread(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _thread_or_404(pk, request)
    page = IdPaginator(
        selectors.thread_posts(thread, user=request.user),
        POSTS_PER_PAGE,
        # What a signed-in reader sees may include their own pending posts: not shared.
        count_key="" if request.user.is_authenticated else f"posts:{thread.pk}",
    ).get_page(request.GET.get("page"))
    posts = list(page.object_list)
    user = request.user
    flagged = selectors.posts_flagged_by(user, [post.pk for post in posts])
    notices, others = _post_notices(request)
    for post in posts:
        post.flagged_by_me = post.pk in flagged
        post.can_edit = services.post_can_edit(post, user)
        post.notice = notices.get(post.pk)
    consultation = thread.board.consultation
    context = {
        "thread": thread,
        "board": thread.board,
        "page_obj": page,
        "posts": posts,
        "subscribed": selectors.is_subscribed(user, thread),
        "consultation_open": consultation.is_open,
        "reply_form": ReplyForm(
            initial={
                "language": language_code(),
                "display_name": (
                    selectors.display_name_suggested(user) if user.is_authenticated else ""
                ),
            }
        ),
        "is_moderator": user.is_authenticated and user.is_moderator,
        "date_modified": thread.last_activity_at,
        # The frame shows the other messages; a post's own notice is shown in the post.
        "messages": others,
    }
    if context["is_moderator"]:
        context["move_form"] = ThreadMoveForm(consultation=consultation, exclude=thread.board)
    return render(request, "forum/thread.html", context)


def _post_notices(request: HttpRequest) -> tuple[dict[int, object], list[object]]:
    notices, others = {}, []
    for message in messages.get_messages(request):
        tag = next((t for t in message.extra_tags.split() if t.startswith(POST_NOTICE_TAG)), None)
        if tag and tag.removeprefix(POST_NOTICE_TAG).isdigit():
            notices[int(tag.removeprefix(POST_NOTICE_TAG))] = message
        else:
            others.append(message)
    return notices, others


def _form_page(request, template, context, status=200):
    return form_render(request, template, context, status=status)


@contributor_required
def thread_create(request: SignedInRequest, slug: str) -> HttpResponse:
    consultation = current_consultation()
    board = selectors.board_for_slug(consultation, slug)
    context = {
        "board": board,
        "twin_object": _TwinPage("forum:new_thread", slug_of=board),
        "consultation": consultation,
    }
    try:
        services.posting_check(user=request.user, board=board)
    except services.PostRefused as error:
        return _refused(request, error, back_url=board.get_absolute_url())
    form = ThreadForm(
        request.POST or None,
        initial={
            "language": language_code(),
            "display_name": selectors.display_name_suggested(request.user),
        },
    )
    template = "forum/thread_form.html"
    if _sending(request, form):
        data = form.cleaned_data
        try:
            thread = services.thread_create(
                board=board,
                author=request.user,
                title=data["title"],
                body=data["body"],
                language=data["language"],
                honeypot=data["website"],
                display_name=data["display_name"],
                submission_key=data["submission_key"],
            )
        except WRITE_REFUSALS as error:
            return _write_refused(
                request, error, form=form, context=context, template=template, back=board
            )
        # A new thread's notice goes in its opening message.
        _posted_message(request, thread.posts.get(is_opening=True))
        return redirect(thread.get_absolute_url())
    return _write_page(request, form=form, context=context, template=template)


def _sending(request: HttpRequest, form: forms.Form) -> bool:
    """A valid form sent to be saved (not to be previewed)."""
    return request.method == "POST" and form.is_valid() and "preview" not in request.POST


# What the services refuse a new thread or reply with.
WRITE_REFUSALS = (services.HoneypotFilled, services.PostRefused, ValidationError)


def _write_refused(
    request: HttpRequest,
    error: Exception,
    *,
    form: forms.Form,
    context: dict[str, Any],
    template: str,
    back: Board | Thread,
) -> HttpResponse:
    """The answer to a refused thread or reply: a filled honeypot goes back quietly,
    posting too fast is a 429 on the form, a closed consultation or a locked thread
    a page saying so; what the service names a field for goes on that field."""
    if isinstance(error, services.HoneypotFilled):
        return redirect(back)
    if isinstance(error, services.PostRefused):
        if error.status != 429:
            return _refused(request, error, back_url=back.get_absolute_url())
        form.add_error(None, error.message)
        context["form"] = form
        return _form_page(request, template, context, status=429)
    if not isinstance(error, ValidationError):
        raise error
    # Errors the service names a field for go there; the others concern the text.
    form.add_error(None if hasattr(error, "error_dict") else "body", error)
    return _write_page(request, form=form, context=context, template=template)


def _write_page(
    request: HttpRequest, *, form: forms.Form, context: dict[str, Any], template: str
) -> HttpResponse:
    """The form of a new thread or reply, with the preview when one was asked for."""
    if request.method == "POST" and form.is_valid() and "preview" in request.POST:
        context["preview_html"] = services.post_preview(form.cleaned_data["body"])
    context["form"] = form
    return _form_page(request, template, context)


# A message tagged with this prefix and a post id is shown inside that post, where
# the redirect to "#post-<id>" puts the reader's eye, not at the top of the page.
POST_NOTICE_TAG = "post-notice-"


def _posted_message(request: HttpRequest, post: Post) -> None:
    if post.status == Status.PENDING:
        messages.info(
            request,
            _(
                "Thank you. Your message is pending review: a moderator will read it before "
                "it is published. You will get an e-mail when it is."
            ),
            extra_tags=f"{POST_NOTICE_TAG}{post.pk}",
        )
    else:
        messages.success(
            request, _("Your message is published."), extra_tags=f"{POST_NOTICE_TAG}{post.pk}"
        )


@contributor_required
def post_reply(request, pk):
    thread = _thread_or_404(pk, request)
    reply_to = None
    reply_to_id = request.POST.get("reply_to") or request.GET.get("reply_to")
    if reply_to_id:
        try:
            reply_to = get_object_or_404(
                Post, pk=int(reply_to_id), thread=thread, status__in=selectors.PUBLIC_POST_STATUSES
            )
        except ValueError:
            reply_to = None
            return redirect(thread)
    context = {"thread": thread, "board": thread.board, "reply_to": reply_to}
    try:
        services.posting_check(user=request.user, board=thread.board, thread=thread)
    except services.PostRefused as error:
        return _refused(request, error, back_url=thread.get_absolute_url())
    form = ReplyForm(
        request.POST or None,
        initial={
            "language": language_code(),
            "reply_to": reply_to.pk if reply_to else None,
            "display_name": selectors.display_name_suggested(request.user),
        },
    )
    template = "forum/reply_form.html"
    if _sending(request, form):
        data = form.cleaned_data
        try:
            post = services.post_reply(
                thread=thread,
                author=request.user,
                body=data["body"],
                language=data["language"],
                reply_to=reply_to,
                honeypot=data["website"],
                display_name=data["display_name"],
            )
        except WRITE_REFUSALS as error:
            return _write_refused(
                request, error, form=form, context=context, template=template, back=thread
            )
        _posted_message(request, post)
        return redirect(_post_location(post))
    return _write_page(request, form=form, context=context, template=template)


def _post_location(post):
    page = selectors.post_page_number(post, POSTS_PER_PAGE)
    url = reverse("forum:thread", kwargs={"pk": post.thread_id})
    if page > 1:
        url += f"?page={page}"
    return f"{url}#post-{post.pk}"


def post_link(request, pk):
    """A permanent link to one post: the page of its thread where it appears."""
    post = get_object_or_404(Post, pk=pk)
    selectors.thread_for_reading(post.thread_id, user=request.user)
    return redirect(_post_location(post))


@contributor_required
def post_edit(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread__board"), pk=pk)
    try:
        services.post_edit_check(post, request.user)
    except services.PostRefused as error:
        return _refused(
            request,
            error,
            back_url=post.thread.get_absolute_url(),
            title=_("This message cannot be edited"),
        )
    form = EditForm(request.POST or None, initial={"body": post.body})
    context = {
        "post": post,
        "thread": post.thread,
        "board": post.thread.board,
        "edit_window": settings.FORUM_EDIT_WINDOW_MINUTES,
    }
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            context["preview_html"] = services.post_preview(form.cleaned_data["body"])
        else:
            try:
                services.post_edit(post=post, author=request.user, body=form.cleaned_data["body"])
            except services.PostRefused as error:
                return _refused(request, error, back_url=_post_location(post))
            messages.success(request, _("Your message is updated."))
            return redirect(_post_location(post))
    context["form"] = form
    return form_render(request, "forum/edit_form.html", context)


@participant_required
def post_delete(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread__board"), pk=pk)
    try:
        services.post_remove_check(post, request.user)
        if request.method == "POST":
            services.post_remove_by_author(post=post, author=request.user)
    except services.PostRefused as error:
        return _refused(
            request,
            error,
            back_url=post.thread.get_absolute_url(),
            title=_("This message cannot be removed"),
        )
    if request.method == "POST":
        messages.success(request, _("Your message is removed. A note stays in its place."))
        return redirect(_post_location(post))
    return render(
        request,
        "forum/delete_confirm.html",
        {"post": post, "thread": post.thread, "board": post.thread.board},
    )


@contributor_required
def post_flag(request, pk):
    post = get_object_or_404(
        Post.objects.select_related("thread__board"), pk=pk, status=Status.PUBLISHED
    )
    selectors.thread_for_reading(post.thread_id, user=request.user)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flag = services.flag_create(
                post=post,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except services.PostRefused as error:
            return _refused(
                request,
                error,
                back_url=_post_location(post),
                title=_("This message cannot be flagged"),
            )
        if flag is None:
            messages.info(request, _("You have already flagged this message. It counts once."))
        else:
            messages.success(
                request, _("Thank you. The moderators will look at the message you flagged.")
            )
        return redirect(_post_location(post))
    return form_render(
        request,
        "forum/flag_form.html",
        {"post": post, "thread": post.thread, "board": post.thread.board, "form": form},
    )


@participant_required
@require_POST
def subscribe(request, pk):
    thread = _thread_or_404(pk, request)
    services.subscription_set(thread=thread, user=request.user, subscribed=True)
    messages.success(request, _("You will get an e-mail when someone replies in this thread."))
    return redirect(thread)


@participant_required
@require_POST
def unsubscribe(request, pk):
    thread = _thread_or_404(pk, request)
    services.subscription_set(thread=thread, user=request.user, subscribed=False)
    messages.success(request, _("You will no longer get e-mails about this thread."))
    return redirect(thread)


def unsubscribe_token(request: HttpRequest, token: str) -> HttpResponse:
    """The link in notification e-mails: works without signing in, confirms with a button."""
    try:
        subscription = services.subscription_from_token(token)
    except services.UnsubscribeLinkExpired:
        return render(request, "forum/unsubscribe.html", {"expired": True}, status=410)
    if subscription is None:
        return render(request, "forum/unsubscribe.html", {}, status=404)
    thread = subscription.thread
    if request.method == "POST":
        services.subscription_cancel(subscription)
        return render(request, "forum/unsubscribe.html", {"done": True, "thread": thread})
    return render(
        request, "forum/unsubscribe.html", {"subscription": subscription, "thread": thread}
    )


@moderator_required
def post_moderate(request, pk):
    post = get_object_or_404(
        Post.objects.select_related("thread__board", "author", "reply_to"), pk=pk
    )
    form = PostModerationForm(
        request.POST or None, actions=services.post_moderation_actions(post.status)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.post_moderate(
                post=post,
                moderator=request.user,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your decision is recorded."))
            return redirect(_post_location(post))
    return form_render(
        request,
        "forum/moderate_post.html",
        {"post": post, "thread": post.thread, "board": post.thread.board, "form": form},
    )


@moderator_required
@require_POST
def thread_moderate(request, pk):
    thread = selectors.thread_for_reading(pk, user=request.user)
    action = request.POST.get("action", "")
    board = None
    if action == "move":
        form = ThreadMoveForm(
            request.POST, consultation=thread.board.consultation, exclude=thread.board
        )
        if not form.is_valid():
            messages.error(request, _("Choose a board of this consultation."))
            return redirect(thread)
        board = form.cleaned_data["board"]
    try:
        services.thread_moderate(thread=thread, moderator=request.user, action=action, board=board)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your decision is recorded."))
    return redirect(thread)


@moderator_required
def author_suspend(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread__board", "author"), pk=pk)
    form = SuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_suspend(
                post=post,
                moderator=request.user,
                days=form.days,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The account is suspended."))
            return redirect(_post_location(post))
    return form_render(
        request,
        "forum/suspend_form.html",
        {"post": post, "thread": post.thread, "board": post.thread.board, "form": form},
    )


board_feed = BoardFeed()
