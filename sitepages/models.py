"""Free pages a department publishes beside a consultation: a tree per consultation
(topics with sub-topics, narrative pages, speeches and statements)."""

from typing import TYPE_CHECKING

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dialogue.models import Consultation, RenderedBodyMixin


class SitePageKind(models.TextChoices):
    PAGE = "page", _("Page")
    TOPIC = "topic", _("Topic")
    SPEECH = "speech", _("Speech")
    STATEMENT = "statement", _("Statement")


class SitePage(RenderedBodyMixin):
    """One page of the tree. A plain parent key (see the README): the trees are a few
    dozen pages deep at most, read whole in one query and edited by hand."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="site_pages"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent page"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=10, choices=SitePageKind.choices, default=SitePageKind.PAGE
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    if TYPE_CHECKING:  # added per language by modeltranslation (sitepages/translation.py)
        title_en: str
        title_fr: str
        slug_en: str
        slug_fr: str
    body = models.TextField(_("body (Markdown)"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    in_menu = models.BooleanField(
        _("in the section menu"),
        default=False,
        help_text=_("Top-level pages ticked here form the left-hand menu, in their order."),
    )
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    delivered_on = models.DateField(_("date delivered"), null=True, blank=True)
    check_against_delivery = models.BooleanField(_("check against delivery"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("program page")
        verbose_name_plural = _("program pages")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "slug_en"],
                condition=~models.Q(slug_en=""),
                name="site_page_slug_en_unique",
            ),
            models.UniqueConstraint(
                fields=["consultation", "slug_fr"],
                condition=~models.Q(slug_fr=""),
                name="site_page_slug_fr_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="site_page_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "sitepages:page", kwargs={"consultation": self.consultation.slug, "slug": self.slug}
        )

    def reserved_ids(self, language: str) -> frozenset[str]:
        # Ids of the page's own frame (menu, title, sub-pages).
        return frozenset({"section-menu-heading", "page-title", "sub-pages-heading"})

    @property
    def is_address(self) -> bool:
        return self.kind in (SitePageKind.SPEECH, SitePageKind.STATEMENT)
