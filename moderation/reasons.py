"""The saved reasons: for each rule moderators cite, its name and what the author is
told, in both languages, as staff wrote them (`SavedReason`, edited in the admin).

Every page and e-mail that names a reason reads it here. The rows are few and read
often (every queue page, every decision e-mail, every hidden post on a thread page),
so each process keeps them for `KEEP_SECONDS`: a change made in the admin shows at
once in the process that saved it, and within that time everywhere else.
"""

import time
from dataclasses import dataclass
from typing import Any

from django.db.models.signals import post_delete, post_save

from config.i18n import language_code

from .models import SavedReason

KEEP_SECONDS = 30.0

NBSP = "\u00a0"

# The portal's own reasons as first saved, in the order offered: (code, name EN,
# name FR, explanation EN, explanation FR). Staff reword them in the admin; a migrate
# only adds those missing.
BUILT_IN = [
    (
        "off-topic",
        "Off topic",
        "Hors sujet",
        "Contributions must answer the question asked or keep to the subject of the thread.",
        "Les contributions doivent répondre à la question posée ou s’en tenir au sujet du fil.",
    ),
    (
        "personal-attack",
        "Personal attack or insult",
        "Attaque personnelle ou insulte",
        "Discuss ideas, not people: insults and attacks on another person are not published.",
        f"Discutez des idées, pas des personnes{NBSP}: les insultes et les attaques contre "
        "une autre personne ne sont pas publiées.",
    ),
    (
        "hate-speech",
        "Hate speech or discrimination",
        "Propos haineux ou discrimination",
        "Content that attacks people for who they are (origin, religion, sex, gender, "
        "orientation, disability or age) is not published.",
        "Les contenus qui attaquent des personnes pour ce qu’elles sont (origine, religion, "
        "sexe, genre, orientation, handicap ou âge) ne sont pas publiés.",
    ),
    (
        "personal-information",
        "Personal information about someone",
        "Renseignements personnels sur une personne",
        "To protect everyone's privacy, we do not publish names, addresses, telephone "
        "numbers or e-mail addresses of private persons.",
        "Pour protéger la vie privée de chacun, nous ne publions pas les noms, adresses, "
        "numéros de téléphone ou adresses courriel de particuliers.",
    ),
    (
        "spam",
        "Spam or advertising",
        "Pourriel ou publicité",
        "Advertising, links to promote a product and repeated messages are removed.",
        "La publicité, les liens faisant la promotion d’un produit et les messages répétés "
        "sont retirés.",
    ),
    (
        "repetitive",
        "Repetitive copy-paste",
        "Copier-coller répétitif",
        "The same text posted several times is published once; say more in a new contribution.",
        f"Un même texte envoyé plusieurs fois est publié une seule fois{NBSP}; ajoutez vos "
        "idées dans une nouvelle contribution.",
    ),
    (
        "language",
        "Written in a language other than English or French",
        "Rédigé dans une autre langue que l'anglais ou le français",
        "Contributions are published in English or French, Canada's official languages.",
        "Les contributions sont publiées en français ou en anglais, les langues officielles "
        "du Canada.",
    ),
    (
        "illegal",
        "Illegal content or incitement",
        "Contenu illégal ou incitation",
        "Content that breaks the law or incites others to do so is not published.",
        "Les contenus qui enfreignent la loi ou incitent à le faire ne sont pas publiés.",
    ),
    (
        "impersonation",
        "Impersonation or robot account",
        "Usurpation d'identité ou compte robot",
        "Each account belongs to one real person, who speaks in their own name.",
        "Chaque compte appartient à une personne réelle, qui s’exprime en son propre nom.",
    ),
    (
        "flags",
        "Hidden after several flags, awaiting review",
        "Masqué après plusieurs signalements, en attente d'examen",
        "Several readers flagged this contribution; it stays hidden until a moderator reviews it.",
        f"Plusieurs lecteurs ont signalé cette contribution{NBSP}; elle reste masquée "
        "jusqu’à son examen par un modérateur.",
    ),
    (
        "other",
        "Other (see note)",
        "Autre (voir la note)",
        "The moderator's note explains the decision.",
        "La note du modérateur explique la décision.",
    ),
]


def saved_reasons_ensure(**_signal: Any) -> None:
    """Save the portal's own reasons that are missing (after every migrate), leaving
    alone those staff have reworded."""
    for order, (code, label_en, label_fr, explanation_en, explanation_fr) in enumerate(
        BUILT_IN, start=1
    ):
        SavedReason.objects.get_or_create(
            code=code,
            defaults={
                "order": order * 10,
                "label_en": label_en,
                "label_fr": label_fr,
                "explanation_en": explanation_en,
                "explanation_fr": explanation_fr,
            },
        )
    reasons_forget()


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
    language = language_code()
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
