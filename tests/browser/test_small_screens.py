"""The menu, headings and focus rings on a phone and on a desk, in both languages."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOMES = ["/en/", "/fr/"]
PHONE = {"width": 375, "height": 700}
DESK = {"width": 1280, "height": 800}


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        share = c / 255
        return share / 12.92 if share <= 0.04045 else ((share + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_measured_right():
    assert round(contrast((0, 0, 0), (255, 255, 255)), 1) == 21.0
    # The old ring on the navy menu, the defect this guards against.
    assert contrast((0x13, 0x54, 0xEC), (0x26, 0x37, 0x4A)) < 3


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("home", HOMES)
def test_phone_menu_is_collapsed_behind_a_menu_control(
    browser, live_server, demo_site, home, javascript
):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(home)
    nav = page.locator("#site-nav")
    visible_links = nav.get_by_role("link")
    assert visible_links.count() == 0
    nav.locator("summary").click()
    assert visible_links.count() == 8
    context.close()


@pytest.mark.parametrize("home", HOMES)
def test_desk_menu_fits_one_row(browser, live_server, demo_site, home):
    context = browser.new_context(base_url=live_server.url, viewport=DESK)
    page = context.new_page()
    page.goto(home)
    links = page.locator("#site-nav").get_by_role("link")
    assert links.count() == 8
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(8)}
    assert len(tops) == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= DESK["width"]
    context.close()


@pytest.mark.parametrize("home", HOMES)
def test_on_a_phone_h1_is_larger_than_h2(browser, live_server, demo_site, home):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.goto(home)
    size = "el => parseFloat(getComputedStyle(el).fontSize)"
    h1 = page.locator("main h1").first.evaluate(size)
    h2 = page.evaluate(
        "(() => { const h = document.createElement('h2'); h.textContent = 'x';"
        " document.querySelector('main').append(h);"
        " return parseFloat(getComputedStyle(h).fontSize); })()"
    )
    assert h1 > h2
    context.close()


RING = """el => {
  const style = getComputedStyle(el);
  let node = el.parentElement, bg = 'rgba(0, 0, 0, 0)';
  while (node && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
    bg = getComputedStyle(node).backgroundColor; node = node.parentElement;
  }
  return [style.outlineColor, style.outlineStyle, bg];
}"""


def _rgb(css: str) -> tuple[int, int, int]:
    numbers = css[css.index("(") + 1 : css.index(")")].split(",")
    red, green, blue = (int(float(n)) for n in numbers[:3])
    return red, green, blue


@pytest.mark.parametrize("home", HOMES)
def test_focus_rings_stand_out_on_every_background(browser, live_server, demo_site, home):
    context = browser.new_context(base_url=live_server.url, viewport=DESK)
    page = context.new_page()
    page.goto(home)
    weak = []
    # Keyboard focus on each link of the frame: header, navy menu, content, navy footer.
    page.keyboard.press("Tab")
    for _ in range(40):
        focused = page.evaluate_handle("document.activeElement")
        if focused.evaluate("el => el === document.body"):
            break
        colour, style, background = focused.evaluate(RING)
        label = focused.evaluate("el => el.textContent.trim().slice(0, 40)")
        if style == "none" or contrast(_rgb(colour), _rgb(background)) < 3:
            weak.append(f"{label!r}: {colour} on {background}")
        page.keyboard.press("Tab")
    assert weak == []
    context.close()


def _weak_rings(page, path: str) -> list[str]:
    """Tab through `path` from its top; each focused element whose ring is missing or
    under 3:1 against the background behind it."""
    page.goto(path)
    weak = []
    page.keyboard.press("Tab")
    seen = set()
    for _ in range(150):
        focused = page.evaluate_handle("document.activeElement")
        if focused.evaluate("el => el === document.body"):
            break
        key = focused.evaluate("el => el.outerHTML.slice(0, 200)")
        if key in seen:  # back to the start: the walk is done
            break
        seen.add(key)
        colour, style, background = focused.evaluate(RING)
        if style == "none" or contrast(_rgb(colour), _rgb(background)) < 3:
            label = focused.evaluate(
                "el => (el.textContent || el.name || el.id).trim().slice(0, 40)"
            )
            weak.append(f"{path} {label!r}: {colour} on {background}")
        page.keyboard.press("Tab")
    return weak


@pytest.mark.parametrize("language", ["en", "fr"])
def test_focus_rings_stand_out_on_the_pages_people_use(
    browser, live_server, demo_site, settings, language
):
    from django.urls import reverse
    from django.utils import translation

    from dialogue.models import Chapter
    from forum.models import Thread
    from questions.models import Question
    from tests.browser.pages import SignIn
    from tests.factories import PASSWORD, UserFactory, role_groups_restore

    settings.ACCOUNT_RATE_LIMITS_ENABLED = False
    role_groups_restore()
    with translation.override(language):
        question = Question.objects.order_by("pk").first()
        thread = Thread.objects.filter(status="published").order_by("pk").first()
        chapter = Chapter.objects.order_by("pk").first()
        walks = {
            None: [
                f"/{language}/",
                chapter.get_absolute_url(),
                reverse("questions:answers"),
                thread.get_absolute_url(),
                reverse("forum:index"),  # its table scrolls in a focusable region
                reverse("reports:report"),
            ],
            UserFactory(): [reverse("questions:answer", args=[question.pk])],
            UserFactory(role="moderator"): [reverse("moderation:queue")],
            UserFactory(role="staff"): [reverse("reports:staff_runs")],
        }
    login = "/en/accounts/login/" if language == "en" else "/fr/comptes/login/"
    weak = []
    for user, paths in walks.items():
        context = browser.new_context(base_url=live_server.url, viewport=DESK)
        page = context.new_page()
        if user:
            SignIn(page).open(login).sign_in(user.email, PASSWORD)
            page.wait_for_load_state()
        for path in paths:
            weak += _weak_rings(page, path)
        context.close()
    assert not weak, "\n".join(weak)
