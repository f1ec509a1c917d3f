"""After a failed submit the keyboard starts from the error summary."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("path", "prefix"), [("/en/feedback/", "Error:"), ("/fr/retroaction/", "Erreur\u00a0:")]
)
def test_the_error_summary_takes_focus_and_links_to_the_field(page, demo_site, path, prefix):
    page.goto(path)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.title().startswith(prefix)
    assert page.evaluate("document.activeElement.id") == "error-summary"
    link = page.locator("#error-summary a").first
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("'#' + document.activeElement.id") == target
