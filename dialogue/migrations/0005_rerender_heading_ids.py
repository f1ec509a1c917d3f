from django.conf import settings
from django.db import migrations


def rerender(apps, schema_editor):
    """Give the stored HTML of chapters and sections their page-unique heading ids
    and table alignment classes (dialogue.markdown.render_content)."""
    from dialogue.markdown import render_content

    Chapter = apps.get_model("dialogue", "Chapter")
    Section = apps.get_model("dialogue", "Section")
    languages = [code for code, _name in settings.LANGUAGES]
    for chapter in Chapter.objects.all():
        for code in languages:
            source = getattr(chapter, f"body_{code}", "")
            anchors = frozenset(
                a for a in Section.objects.filter(chapter=chapter).values_list(f"anchor_{code}", flat=True) if a
            )
            html = render_content(source, reserved=anchors) if source else ""
            setattr(chapter, f"body_html_{code}", html)
        chapter.save(update_fields=[f"body_html_{code}" for code in languages])
    for section in Section.objects.all():
        for code in languages:
            source = getattr(section, f"body_{code}", "")
            anchor = getattr(section, f"anchor_{code}", "") or section.anchor
            html = render_content(source, anchor_prefix=f"{anchor}-") if source else ""
            setattr(section, f"body_html_{code}", html)
        section.save(update_fields=[f"body_html_{code}" for code in languages])


class Migration(migrations.Migration):
    dependencies = [("dialogue", "0004_search_unaccent")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
