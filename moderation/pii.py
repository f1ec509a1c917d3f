"""Spot e-mail addresses and phone numbers in participants' text and mask them."""

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# North American numbers in their usual shapes, and international ones with a +.
PHONE = re.compile(
    r"(?<!\w)(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}(?!\w)"
    r"|(?<!\w)\+\d{1,3}(?:[\s.-]?\d{2,4}){2,5}(?!\w)"
)
EMAIL_MASK = "[e-mail removed]"
PHONE_MASK = "[phone number removed]"


def pii_found(text):
    return bool(EMAIL.search(text or "") or PHONE.search(text or ""))


def pii_mask(text):
    return PHONE.sub(PHONE_MASK, EMAIL.sub(EMAIL_MASK, text or ""))
