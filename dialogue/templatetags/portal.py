from django import template
from django.urls import translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def twin_url(context, language):
    """The same page in `language`.

    Pages about an object with per-language slugs put it in the context as
    `twin_object`; its URL is rebuilt under the other language. Other pages are
    translated by resolving the current path, which keeps the query string.
    """
    request = context.get("request")
    twin_object = context.get("twin_object")
    if twin_object is not None:
        with translation.override(language):
            url = twin_object.get_absolute_url()
        query = request.META.get("QUERY_STRING", "") if request else ""
        return f"{url}?{query}" if query else url
    if request is None:
        return f"/{language}/"
    return translate_url(request.get_full_path(), language)


@register.simple_tag(takes_context=True)
def nav_current(context, *prefixes):
    """'page' when the request path starts with one of the URL prefixes, for aria-current."""
    request = context.get("request")
    if request is None:
        return ""
    return "page" if any(request.path.startswith(str(p)) for p in prefixes if p) else ""
