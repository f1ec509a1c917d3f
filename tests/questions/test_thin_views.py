"""The closed-consultation rule for answers is the service's; the view shows its refusal."""

from pathlib import Path

import questions.views


def test_the_answer_view_leaves_the_closed_check_to_the_service() -> None:
    source = Path(questions.views.__file__).read_text(encoding="utf-8")
    assert ".is_open" not in source and "has_closed" not in source
    assert "answers_open_check(" in source
