from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitePagesConfig(AppConfig):
    name = "sitepages"
    verbose_name = _("Program pages")

    def ready(self) -> None:
        # The site map, the search and the paper file learn about the pages here.
        from dialogue.search import search_indexer, search_site_wide_kind
        from dialogue.selectors import sitemap_provider
        from dialogue.services import publish_rule_register
        from dialogue.translation import translation_status_register

        from . import search, sitemap
        from .models import SitePage

        search_site_wide_kind(search.KIND)
        search_indexer(search.site_pages_index)
        sitemap_provider(sitemap.site_page_links)

        publish_rule_register(
            SitePage, required=("title", "slug", "body"), paired=("speaker", "place")
        )
        translation_status_register(SitePage, ["title", "slug", "body", "speaker", "place"])
