import pytest
from django.core.management import CommandError, call_command

from dialogue.demo import DEMO_PAPER
from dialogue.models import Chapter, Consultation, Section
from dialogue.paper_io import PaperError, paper_export, paper_import
from questions.models import Question

pytestmark = pytest.mark.django_db


def test_export_then_import_gives_back_the_same_paper(demo_paper):
    first = paper_export(demo_paper)
    paper_import(first)
    assert paper_export(Consultation.objects.get(pk=demo_paper.pk)) == first
    assert Consultation.objects.count() == 1


def test_round_trip_keeps_every_record(demo_paper):
    counts = (Chapter.objects.count(), Section.objects.count(), Question.objects.count())
    question_ids = set(Question.objects.values_list("pk", flat=True))
    paper_import(paper_export(demo_paper))
    assert (Chapter.objects.count(), Section.objects.count(), Question.objects.count()) == counts
    # Questions keep their ids, so answers stay attached.
    assert set(Question.objects.values_list("pk", flat=True)) == question_ids


def test_edited_file_updates_in_place(demo_paper):
    text = paper_export(demo_paper).replace(
        "title:\n    en: Security", "title:\n    en: Security Today", 1
    )
    text = text.replace("en: Security\n", "en: Security Today\n", 1)
    paper_import(text)
    assert Chapter.objects.filter(title_en="Security Today").exists()


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("consultation: [unclosed", "Line 1"),
        ("chapters: []", "consultation"),
    ],
)
def test_unreadable_files_name_the_problem(broken, message):
    with pytest.raises(PaperError, match=message):
        paper_import(broken)


def test_a_bad_record_names_its_line_and_writes_nothing(demo_paper):
    before = paper_export(demo_paper)
    lines = before.splitlines()
    # Break the French title of the last chapter: everything before it is valid.
    index = max(i for i, line in enumerate(lines) if line.startswith("- slug:"))
    for i in range(index, len(lines)):
        if (
            lines[i].strip().startswith("fr:")
            and lines[i - 1].strip().startswith("en:")
            and "title" in lines[i - 2]
        ):
            lines[i] = lines[i].split("fr:")[0] + "fr: ''"
            break
    text = "\n".join(lines).replace("en: Security\n", "en: Changed\n", 1)
    with pytest.raises(PaperError, match=r"Line \d+: .*“title” has no text for the language “fr”"):
        paper_import(text)
    assert paper_export(Consultation.objects.get(pk=demo_paper.pk)) == before


def test_import_command_reports_errors_and_rolls_back(tmp_path, demo_paper):
    path = tmp_path / "paper.yaml"
    path.write_text(DEMO_PAPER.read_text().replace("kind: publication", "kind: poster", 1))
    with pytest.raises(CommandError, match="poster"):
        call_command("import_paper", str(path))
    assert not Chapter.objects.exclude(consultation=demo_paper).exists()


def test_export_command_writes_a_file_that_imports(tmp_path, demo_paper):
    path = tmp_path / "out.yaml"
    call_command("export_paper", "--output", str(path))
    Consultation.objects.all().delete()
    call_command("import_paper", str(path))
    assert Chapter.objects.count() == 6


def test_removing_an_answered_chapter_is_refused_and_keeps_the_answers(demo_paper):
    from tests.questions.factories import AnswerFactory

    question = Question.objects.filter(chapter__slug_en="conclusion").first()
    AnswerFactory(question=question)
    data = paper_export(demo_paper)
    start = data.index("- slug:\n    en: conclusion")
    end = data.index("topics:")
    with pytest.raises(PaperError, match="conclusion"):
        paper_import(data[:start] + data[end:])
    assert question.answers.count() == 1
    assert Chapter.objects.filter(slug_en="conclusion").exists()


def test_a_markdown_image_in_the_file_is_refused_with_its_line(demo_paper):
    before = paper_export(demo_paper)
    # Put an image at the start of the first English Markdown block, at its indentation.
    block = before.index("en: |-\n") + len("en: |-\n")
    indent = before[block:].split("\n", 1)[0]
    indent = indent[: len(indent) - len(indent.lstrip())]
    image = f"{indent}![Troops on patrol](https://example.org/patrol.jpg)\n"
    text = before[:block] + image + before[block:]
    with pytest.raises(PaperError, match=r"Line \d+: .*Images cannot be shown.*Troops on patrol"):
        paper_import(text)
    assert paper_export(Consultation.objects.get(pk=demo_paper.pk)) == before
