from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .markdown import markdown_images_refuse, render_content


class ConsultationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    REPORTED = "reported", _("Reported")


class ModerationMode(models.TextChoices):
    PRE = "pre", _("Pre-moderation: published after review")
    POST = "post", _("Post-moderation: published at once, reviewed after")


class Consultation(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    if TYPE_CHECKING:  # added per language by modeltranslation (dialogue/translation.py)
        title_en: str
        title_fr: str
        slug_en: str
        slug_fr: str
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ConsultationState.choices,
        default=ConsultationState.DRAFT,
    )
    moderation_mode = models.CharField(
        _("moderation of answers"),
        max_length=4,
        choices=ModerationMode.choices,
        default=ModerationMode.PRE,
    )
    answer_before_viewing = models.BooleanField(
        _("answer before you see others"),
        default=False,
        help_text=_(
            "Keep a question's published answers hidden from a participant until they have "
            "submitted their own; anonymous readers see them after the consultation closes."
        ),
    )
    is_current = models.BooleanField(_("current consultation"), default=True)
    report_expected = models.CharField(_("report expected"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_consultation",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        now = timezone.now()
        return self.state == ConsultationState.OPEN and self.opens_at <= now < self.closes_at

    @property
    def has_closed(self):
        return self.state in (ConsultationState.CLOSED, ConsultationState.REPORTED) or (
            timezone.now() >= self.closes_at
        )


class RenderedBodyMixin(models.Model):
    """Keeps `body_html_<lang>` in step with `body_<lang>` on every save."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        for language, _name in settings.LANGUAGES:
            source = getattr(self, f"body_{language}", None)
            html = (
                render_content(
                    source,
                    anchor_prefix=self.anchor_prefix(language),
                    reserved=self.reserved_ids(language),
                )
                if source
                else ""
            )
            setattr(self, f"body_html_{language}", html)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                *(f"body_html_{code}" for code, _name in settings.LANGUAGES),
            }
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        for language, _name in settings.LANGUAGES:
            markdown_images_refuse(getattr(self, f"body_{language}", None))

    def anchor_prefix(self, language: str) -> str:
        """Prefix of the heading ids of this body, unique on the page that shows it."""
        return ""

    def reserved_ids(self, language: str) -> frozenset[str]:
        """Ids the page showing this body already uses, besides RESERVED_IDS."""
        return frozenset()


class Chapter(RenderedBodyMixin):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="chapters"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    if TYPE_CHECKING:  # added per language by modeltranslation (dialogue/translation.py)
        title_en: str
        title_fr: str
        slug_en: str
        slug_fr: str
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body (Markdown)"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "order"], name="chapter_order_unique"),
            # One chapter per slug in each language: `chapter_by_slug` must never
            # have to choose.
            models.UniqueConstraint(
                fields=["consultation", "slug_en"],
                condition=~models.Q(slug_en=""),
                name="chapter_slug_en_unique",
            ),
            models.UniqueConstraint(
                fields=["consultation", "slug_fr"],
                condition=~models.Q(slug_fr=""),
                name="chapter_slug_fr_unique",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("dialogue:chapter", kwargs={"slug": self.slug})

    def reserved_ids(self, language: str) -> frozenset[str]:
        # The chapter page also carries each section's anchor.
        if self.pk is None:
            return frozenset()
        return frozenset(a for a in self.sections.values_list(f"anchor_{language}", flat=True) if a)


class Section(RenderedBodyMixin):
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    anchor = models.SlugField(_("anchor"), max_length=100)
    body = models.TextField(_("body (Markdown)"), blank=True)
    body_html = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["chapter", "order"], name="section_order_unique"),
            # Two sections with one anchor would give two equal `id`s on the page.
            models.UniqueConstraint(
                fields=["chapter", "anchor_en"],
                condition=~models.Q(anchor_en=""),
                name="section_anchor_en_unique",
            ),
            models.UniqueConstraint(
                fields=["chapter", "anchor_fr"],
                condition=~models.Q(anchor_fr=""),
                name="section_anchor_fr_unique",
            ),
        ]

    def __str__(self):
        return self.title

    def anchor_prefix(self, language: str) -> str:
        # Headings inside a section hang under its own anchor, so two sections'
        # "Background" never share an id.
        anchor = getattr(self, f"anchor_{language}", None) or self.anchor or f"section-{self.order}"
        return f"{anchor}-"


class PageKind(models.TextChoices):
    MINISTER = "minister", _("Message from the Minister")
    HELP = "help", _("Help")
    PRIVACY = "privacy", _("Privacy notice")
    NETIQUETTE = "netiquette", _("Netiquette")
    PARTNERS = "partners", _("Partners")
    ABOUT = "about", _("About")


PAGE_URL_NAMES = {
    PageKind.MINISTER: "dialogue:minister",
    PageKind.HELP: "dialogue:help",
    PageKind.PRIVACY: "dialogue:privacy",
    PageKind.NETIQUETTE: "dialogue:netiquette",
    PageKind.PARTNERS: "dialogue:partners",
    PageKind.ABOUT: "dialogue:about",
}


class Page(RenderedBodyMixin):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="pages")
    kind = models.CharField(_("kind"), max_length=12, choices=PageKind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    body = models.TextField(_("body (Markdown)"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "kind"], name="page_kind_unique"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(PAGE_URL_NAMES[self.kind])


class Interview(RenderedBodyMixin):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="interviews"
    )
    slug = models.SlugField(_("slug"), max_length=100)
    order = models.PositiveIntegerField(_("order"), default=0)
    expert_name = models.CharField(_("expert's name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=300)
    date = models.DateField(_("date"))
    chapter = models.ForeignKey(
        Chapter, on_delete=models.SET_NULL, null=True, blank=True, related_name="interviews"
    )
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("transcript (Markdown)"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    media_url = models.URLField(_("media link"), blank=True)
    media_transcript = models.TextField(_("media transcript"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "date", "id"]
        verbose_name = _("expert interview")
        verbose_name_plural = _("expert interviews")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "slug"], name="interview_slug_unique"),
        ]

    def __str__(self):
        return self.expert_name

    def get_absolute_url(self):
        return reverse("dialogue:interview", kwargs={"slug": self.slug})


class Topic(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="topics")
    key = models.SlugField(_("key"), max_length=60)
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "key"], name="topic_key_unique"),
        ]

    def __str__(self):
        return self.title


class ResourceKind(models.TextChoices):
    PUBLICATION = "publication", _("Publication")
    SPEECH = "speech", _("Speech")
    STATEMENT = "statement", _("Statement")
    NEWS_RELEASE = "news_release", _("News release")
    BROCHURE = "brochure", _("Brochure")
    EXTERNAL_LINK = "external_link", _("External link")
    LINK = "link", _("Link")
    DOCUMENT = "document", _("Document")


class ResourceLanguage(models.TextChoices):
    EN = "en", _("English only")
    FR = "fr", _("French only")
    BOTH = "both", _("English and French")


class Resource(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="resources"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="resources")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    if TYPE_CHECKING:  # added per language by modeltranslation (dialogue/translation.py)
        title_en: str
        title_fr: str
        file_en: FieldFile
        file_fr: FieldFile
    description = models.TextField(_("description"), blank=True)
    # Per language (see translation.py): the French brochure is not the English one.
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to="resources/", blank=True)
    published_on = models.DateField(_("date"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=13, choices=ResourceKind.choices)
    language = models.CharField(
        _("language of the resource"), max_length=4, choices=ResourceLanguage.choices
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic__order", "order", "id"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self):
        return self.title

    @property
    def href(self) -> str:
        """The reader's language's file or link, else the other language's."""
        return self.file.url if self.file else self.url

    @property
    def language_note(self) -> str:
        """ "(French only)" on an English page for a resource that exists only in
        French, « (en anglais seulement) » the other way round; empty otherwise."""
        from django.utils.translation import gettext

        from config.i18n import language_code

        reader = language_code()
        if self.language == ResourceLanguage.BOTH or self.language == reader:
            return ""
        if self.language == ResourceLanguage.FR:
            return gettext("(French only)")
        return gettext("(English only)")


class Feedback(models.Model):
    """A reader's comment about the site itself; staff read them in the admin."""

    message = models.TextField(_("message"), max_length=2000)
    page_url = models.CharField(_("page"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail address (optional)"), blank=True)
    language = models.CharField(max_length=2)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return self.message[:60]


class SearchEntry(models.Model):
    """One searchable document per object and language.

    Every content app writes its public objects here (through
    `dialogue.search.search_entry_upsert`) and removes them when they stop being
    public, so the site search is one query over one table. On PostgreSQL the
    `vector` column holds the document parsed with the `english` or `french`
    configuration and carries a GIN index.
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="search_entries"
    )
    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=2)
    title = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=300)
    vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="search_entry_unique"
            ),
        ]
        indexes = [models.Index(fields=["consultation", "language"])]

    def __str__(self):
        return f"{self.kind}:{self.object_id}:{self.language}"
