"""The reasons moderators cited until now, as saved reasons staff can reword."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

NBSP = "\u00a0"

# (code, name EN, name FR, explanation EN, explanation FR), in the order they were offered.
REASONS = [
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
        "The same text posted several times is published once; say more in a new "
        "contribution.",
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
        "Several readers flagged this contribution; it stays hidden until a moderator "
        "reviews it.",
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


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    saved_reason = apps.get_model("moderation", "SavedReason")
    for order, (code, label_en, label_fr, explanation_en, explanation_fr) in enumerate(REASONS):
        saved_reason.objects.update_or_create(
            code=code,
            defaults={
                "order": (order + 1) * 10,
                "label": label_en,
                "label_en": label_en,
                "label_fr": label_fr,
                "explanation": explanation_en,
                "explanation_en": explanation_en,
                "explanation_fr": explanation_fr,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0005_saved_reasons")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
