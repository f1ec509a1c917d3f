"""Spot e-mail addresses and phone numbers in participants' text and mask them."""

import re

from django.utils import translation
from django.utils.translation import gettext_lazy

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# North American numbers in their usual shapes, and international ones with a +.
PHONE = re.compile(
    r"(?<!\w)(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}(?!\w)"
    r"|(?<!\w)\+\d{1,3}(?:[\s.-]?\d{2,4}){2,5}(?!\w)"
)
EMAIL_MASK = gettext_lazy("[e-mail removed]")
PHONE_MASK = gettext_lazy("[phone number removed]")


def pii_found(text):
    return bool(EMAIL.search(text or "") or PHONE.search(text or ""))


def pii_mask(text, language=None):
    """`text` with e-mail addresses and phone numbers replaced by a notice, written in
    `language` (the text's own language, when known) or else the active language."""
    if language:
        with translation.override(language):
            return pii_mask(text)
    email_mask, phone_mask = str(EMAIL_MASK), str(PHONE_MASK)
    return PHONE.sub(lambda _m: phone_mask, EMAIL.sub(lambda _m: email_mask, text or ""))
