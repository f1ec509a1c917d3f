from tests.questions.conftest import consultation, question  # noqa: F401 - shared fixtures
