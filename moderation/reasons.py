"""The saved reasons: for each netiquette rule, the explanation every author gets.

Moderators pick a rule; the author's e-mail then says the same thing for the same
rule whoever decided, in the author's language (the catalogue holds both).
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Reason

EXPLANATIONS: dict[str, Promise] = {
    Reason.OFF_TOPIC: _(
        "Contributions must answer the question asked or keep to the subject of the thread."
    ),
    Reason.PERSONAL_ATTACK: _(
        "Discuss ideas, not people: insults and attacks on another person are not published."
    ),
    Reason.HATE: _(
        "Content that attacks people for who they are (origin, religion, sex, gender, "
        "orientation, disability or age) is not published."
    ),
    Reason.PERSONAL_INFORMATION: _(
        "To protect everyone's privacy, we do not publish names, addresses, telephone "
        "numbers or e-mail addresses of private persons."
    ),
    Reason.SPAM: _("Advertising, links to promote a product and repeated messages are removed."),
    Reason.REPETITIVE: _(
        "The same text posted several times is published once; say more in a new contribution."
    ),
    Reason.LANGUAGE: _(
        "Contributions are published in English or French, Canada's official languages."
    ),
    Reason.ILLEGAL: _("Content that breaks the law or incites others to do so is not published."),
    Reason.IMPERSONATION: _(
        "Each account belongs to one real person, who speaks in their own name."
    ),
    Reason.FLAGS: _(
        "Several readers flagged this contribution; it stays hidden until a moderator reviews it."
    ),
    Reason.OTHER: _("The moderator's note explains the decision."),
}


def reason_explanation(reason: str) -> str:
    """The saved explanation of `reason` in the active language ("" when none)."""
    explanation = EXPLANATIONS.get(reason)
    return str(explanation) if explanation is not None else ""


def reason_label(reason: str) -> str:
    """The name of `reason` in the active language (the code itself when unknown)."""
    try:
        return str(Reason(reason).label)
    except ValueError:
        return reason
