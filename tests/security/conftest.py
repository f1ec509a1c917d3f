from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _search_unthrottled(settings: Any) -> None:
    """The corpora send hundreds of searches from one address: they test what a query
    does, not how many a visitor may send (tests/dialogue/test_search.py covers that)."""
    settings.SEARCH_RATE = "100000/60"
