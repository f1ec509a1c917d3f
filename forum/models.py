from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dialogue.models import Chapter, Consultation
from moderation.models import Status


class Board(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="boards")
    order = models.PositiveIntegerField(_("order"), default=0)
    slug = models.SlugField(_("slug"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    chapter = models.ForeignKey(
        Chapter, on_delete=models.SET_NULL, null=True, blank=True, related_name="boards"
    )
    if TYPE_CHECKING:  # added per language by modeltranslation (forum/translation.py)
        title_en: str
        title_fr: str
        slug_en: str
        slug_fr: str

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("board")
        verbose_name_plural = _("boards")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:board", kwargs={"slug": self.slug})


class Thread(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="threads"
    )
    language = models.CharField(max_length=2)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(db_index=True)
    # The random token of the form that opened the thread: the same form sent twice
    # (a double click) finds this thread instead of opening a second one.
    submission_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    # What the board's thread list shows, kept here so that the list reads threads
    # only: published replies, and the name the opening post was signed with. Written
    # by `forum.services.thread_summary_refresh` in the transaction that changes a post.
    reply_count = models.PositiveIntegerField(default=0, editable=False)
    opening_display_name = models.CharField(max_length=60, blank=True, editable=False)

    class Meta:
        ordering = ["-pinned", "-last_activity_at"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            models.Index(fields=["board", "status", "last_activity_at"]),
            # A board's public threads, in each of the list's two orders.
            models.Index(
                fields=["board", "-pinned", "-last_activity_at", "-id"],
                condition=models.Q(status__in=["published", "withdrawn"]),
                name="thread_public_by_activity",
            ),
            models.Index(
                fields=["board", "-created_at", "-id"],
                condition=models.Q(status__in=["published", "withdrawn"]),
                name="thread_public_by_date",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"],
                condition=~models.Q(submission_key=""),
                name="one_thread_per_submission",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:thread", kwargs={"pk": self.pk})


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="posts"
    )
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(_("message"))
    # The sanitised rendering of `body`, not masked: every output masks it through
    # `moderation.pii`, so a better rule applies to old posts too.
    body_html = models.TextField(editable=False, blank=True)
    language = models.CharField(max_length=2)
    display_name = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=30, blank=True)  # a moderation.SavedReason code
    moderator_note = models.TextField(blank=True)
    removed_by_author = models.BooleanField(default=False)
    is_opening = models.BooleanField(default=False)
    pii_detected = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["thread", "created_at"]),
            models.Index(fields=["status", "created_at"]),
            # A thread's posts as readers see them (in full or as a stub), oldest first.
            models.Index(
                fields=["thread", "created_at", "id"],
                condition=models.Q(status__in=["published", "hidden", "withdrawn"]),
                name="post_public_by_thread",
            ),
            # The author's history in the moderators' queue, from this index alone.
            models.Index(
                fields=["author", "status"],
                condition=models.Q(status__in=["published", "rejected", "hidden"]),
                name="post_decided_by_author",
            ),
        ]

    def __str__(self):
        return self.body[:60]


class Flag(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    reason = models.CharField(_("reason"), max_length=30)  # a moderation.SavedReason code
    note = models.CharField(_("note"), max_length=500, blank=True)
    resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="one_flag_per_reporter"),
        ]

    def __str__(self):
        return f"{self.post_id}: {self.reason}"


class Subscription(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    last_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="one_subscription_per_thread"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.thread_id}"
