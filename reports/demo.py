"""A closed demo consultation with several hundred answers and a written report, so the
report pages show what a real one looks like (figures well above the small-number rule)."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from dialogue.models import Chapter, Consultation, ConsultationState, ModerationMode
from questions.models import Question
from reports.generated_data import consultation_data_generate
from reports.models import ReportRun, ReportText, RunState, TextKind
from reports.services import (
    error_text,
    report_run_execute,
    report_run_publish,
    report_run_start,
)

logger = logging.getLogger(__name__)

SLUG = "trade-and-aid-2025"
ANSWERS = 600

QUESTIONS = [
    (
        "Which regions should Canada's development assistance focus on first, and why?",
        "Sur quelles régions l'aide au développement du Canada devrait-elle d'abord porter, "
        "et pourquoi ?",
    ),
    (
        "How should trade agreements protect workers and the environment?",
        "Comment les accords commerciaux devraient-ils protéger les travailleurs et "
        "l'environnement ?",
    ),
    (
        "What role should Canada play in peacekeeping missions over the next ten years?",
        "Quel rôle le Canada devrait-il jouer dans les missions de maintien de la paix au "
        "cours des dix prochaines années ?",
    ),
]

TEXTS: dict[str, tuple[str, str, str, str]] = {
    TextKind.FOREWORD: (
        "People across the country took the time to tell us how Canada should "
        "trade and help others. This report sets out what they said, in their own words "
        "wherever we could.\n\nThank you to everyone who wrote to us.",
        "Des personnes de partout au pays ont pris le temps de nous dire comment "
        "le Canada devrait commercer et venir en aide aux autres. Ce rapport présente ce "
        "qu'elles ont dit, dans leurs propres mots autant que possible.\n\nMerci à toutes "
        "les personnes qui nous ont écrit.",
        "Deputy Minister, Global Affairs",
        "Sous-ministre, Affaires mondiales",
    ),
    TextKind.SUMMARY: (
        "- Most participants want aid to go first where need is greatest.\n"
        "- Many asked that trade agreements carry enforceable labour and environmental "
        "rules.\n"
        "- Views on peacekeeping were divided, but most favoured training and civilian "
        "police over troops.",
        "- La plupart des personnes participantes souhaitent que l'aide aille d'abord là où "
        "les besoins sont les plus grands.\n"
        "- Beaucoup ont demandé que les accords commerciaux comportent des règles "
        "contraignantes sur le travail et l'environnement.\n"
        "- Les avis sur le maintien de la paix étaient partagés, mais la plupart "
        "privilégiaient la formation et la police civile plutôt que l'envoi de troupes.",
        "",
        "",
    ),
    TextKind.NEXT_STEPS: (
        "The department will answer this report within six months and say which "
        "suggestions it takes up, and why others were set aside.",
        "Le ministère répondra à ce rapport d'ici six mois en précisant les suggestions "
        "retenues et les raisons pour lesquelles d'autres ont été écartées.",
        "",
        "",
    ),
}


def _consultation(now: datetime.datetime) -> tuple[Consultation, bool]:
    found = Consultation.objects.filter(slug_en=SLUG).first()
    if found:
        return found, False
    consultation = Consultation.objects.create(
        title_en="Trade and aid abroad",
        title_fr="Commerce et aide à l'étranger",
        slug_en=SLUG,
        slug_fr="commerce-et-aide-2025",
        opens_at=now - datetime.timedelta(weeks=20),
        closes_at=now - datetime.timedelta(weeks=4),
        state=ConsultationState.CLOSED,
        moderation_mode=ModerationMode.PRE,
        is_current=False,
    )
    chapter = Chapter.objects.create(
        consultation=consultation,
        order=1,
        title_en="Trade, aid and peace",
        title_fr="Commerce, aide et paix",
        slug_en="trade-aid-peace",
        slug_fr="commerce-aide-paix",
        summary_en="How Canada trades and helps abroad.",
        summary_fr="Comment le Canada commerce et aide à l'étranger.",
        body_en="Canada's choices in trade, development assistance and peacekeeping.",
        body_fr="Les choix du Canada en matière de commerce, d'aide au développement et de "
        "maintien de la paix.",
        published=True,
    )
    for order, (text_en, text_fr) in enumerate(QUESTIONS, start=1):
        Question.objects.create(
            consultation=consultation,
            chapter=chapter,
            order=order,
            text_en=text_en,
            text_fr=text_fr,
        )
    return consultation, True


def demo_closed_report_create(current: Consultation) -> int:
    """Create the closed consultation, its answers and its report texts once, then run
    and publish its report, so `/en/report/…/` shows a real one; the consultation
    `current` stays the one the public pages show. Returns answers added."""
    added = 0
    with transaction.atomic():
        consultation, created = _consultation(timezone.now())
        if created:
            for kind, (body_en, body_fr, signature_en, signature_fr) in TEXTS.items():
                ReportText.objects.create(
                    consultation=consultation,
                    kind=kind,
                    body_en=body_en,
                    body_fr=body_fr,
                    signature_en=signature_en,
                    signature_fr=signature_fr,
                )
            consultation_data_generate(answers=ANSWERS, posts=0, slug=SLUG, search=False)
            added = ANSWERS
    Consultation.objects.filter(is_current=True).exclude(pk=current.pk).update(is_current=False)
    Consultation.objects.filter(pk=current.pk).update(is_current=True)
    if not ReportRun.objects.filter(consultation=consultation, published=True).exists():
        _report_publish(consultation)
    return added


def _report_publish(consultation: Consultation) -> None:
    """Run the report in this process (no worker needed) and publish it. A machine
    without the PDF libraries still gets the rest of the demo, with a warning."""
    run = report_run_start(
        consultation=consultation, requested_by=None, cutoff=timezone.now(), enqueue=False
    )
    with translation.override(settings.LANGUAGE_CODE):
        report_run_execute(run.pk, in_process=True)
    run.refresh_from_db()
    if run.state != RunState.SUCCEEDED:
        logger.warning(
            "The demo report of %s could not be produced (%s); run `manage.py report_run "
            "--consultation %s` once the cause is mended.",
            SLUG,
            error_text(run) or run.error,
            SLUG,
        )
        return
    report_run_publish(run=run, by=None)
