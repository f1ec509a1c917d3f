"""The saved reasons: for each rule moderators cite, its name and what the author is
told, in both languages, as staff wrote them (`SavedReason`, edited in the admin).

Every page and e-mail that names a reason reads it here. The rows are few and read
often (every queue page, every decision e-mail, every hidden post on a thread page),
so each process keeps them for `KEEP_SECONDS`: a change made in the admin shows at
once in the process that saved it, and within that time everywhere else.
"""

import time
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from .models import SavedReason

KEEP_SECONDS = 30.0


@dataclass(frozen=True)
class _Reason:
    code: str
    offered: bool
    labels: dict[str, str]
    explanations: dict[str, str]


_kept: tuple[float, dict[str, _Reason]] | None = None


def _reasons() -> dict[str, _Reason]:
    """{code: reason} in the admin's order: one query per process every KEEP_SECONDS."""
    global _kept
    now = time.monotonic()
    if _kept is not None and now - _kept[0] < KEEP_SECONDS:
        return _kept[1]
    rows = SavedReason.objects.order_by("order", "code").values(
        "code", "offered", "label_en", "label_fr", "explanation_en", "explanation_fr"
    )
    reasons = {
        row["code"]: _Reason(
            code=row["code"],
            offered=row["offered"],
            labels={"en": row["label_en"] or "", "fr": row["label_fr"] or ""},
            explanations={"en": row["explanation_en"] or "", "fr": row["explanation_fr"] or ""},
        )
        for row in rows
    }
    _kept = (now, reasons)
    return reasons


def reasons_forget(**_signal: object) -> None:
    """Read the reasons again on next use (after a save, and between tests)."""
    global _kept
    _kept = None


post_save.connect(reasons_forget, sender=SavedReason, dispatch_uid="saved-reason-saved")
post_delete.connect(reasons_forget, sender=SavedReason, dispatch_uid="saved-reason-deleted")


def _in_language(texts: dict[str, str]) -> str:
    language = (get_language() or "en")[:2]
    other = "en" if language == "fr" else "fr"
    return texts.get(language) or texts.get(other) or ""


def reason_label(code: str) -> str:
    """The name of the reason in the active language (the code itself when unknown)."""
    reason = _reasons().get(code)
    return (_in_language(reason.labels) or code) if reason is not None else code


def reason_explanation(code: str) -> str:
    """What the author is told for this reason, in the active language ("" when none)."""
    reason = _reasons().get(code)
    return _in_language(reason.explanations) if reason is not None else ""


def reason_choices(*, leave_out: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """[(code, name)] of the reasons offered to moderators, in the admin's order."""
    return [
        (reason.code, _in_language(reason.labels) or reason.code)
        for reason in _reasons().values()
        if reason.offered and reason.code not in leave_out
    ]


def reason_offered(code: str) -> bool:
    """Whether a moderator may cite `code` in a new decision."""
    reason = _reasons().get(code)
    return reason is not None and reason.offered


def reason_known(code: str) -> bool:
    """Whether `code` is a saved reason, offered or not (past decisions cite both)."""
    return code in _reasons()
