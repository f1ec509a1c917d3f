"""The portal's one rate limiter: counts atomically, fails open, knows the client's address."""

import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory

from accounts.adapter import AccountAdapter
from accounts.ratelimit import Rate, client_address, rate_limit_hit
from tests.private_redis import outage_forget

RATE = Rate(limit=7, seconds=600)


def _hits_at_once(count: int, *, key: str = "someone") -> list[bool]:
    """`count` threads hit the same limit at the same moment; what each was told."""
    barrier = threading.Barrier(count)
    results: list[bool] = []
    lock = threading.Lock()

    def hit() -> None:
        barrier.wait(timeout=10)
        allowed = rate_limit_hit(action="test", key=key, rate=RATE)
        with lock:
            results.append(allowed)

    threads = [threading.Thread(target=hit) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_a_limit_allows_its_count_then_refuses():
    assert [rate_limit_hit(action="test", key="a", rate="3/60") for _ in range(5)] == [
        True,
        True,
        True,
        False,
        False,
    ]
    # Another key, or another action, has its own count.
    assert rate_limit_hit(action="test", key="b", rate="3/60")
    assert rate_limit_hit(action="other", key="a", rate="3/60")


@pytest.mark.parametrize("text", ["0/60", "5/0", "five/60", "-1/60"])
def test_a_bad_rate_setting_is_refused(text):
    with pytest.raises(ValueError):
        Rate.parse(text)


def test_simultaneous_hits_never_pass_the_limit_in_the_configured_cache():
    results = _hits_at_once(20)
    assert sorted(results) == [False] * 13 + [True] * 7


@pytest.mark.redis_outage
def test_simultaneous_hits_never_pass_the_limit_in_redis(portal_on_private_redis):
    """Each thread has its own connection to Redis, as separate web processes would."""
    results = _hits_at_once(20)
    assert sorted(results) == [False] * 13 + [True] * 7


@pytest.mark.redis_outage
@pytest.mark.parametrize("mode", ["stopped", "hung"])
def test_the_limit_fails_open_and_counts_again_when_redis_is_back(
    portal_on_private_redis, mode, caplog
):
    server = portal_on_private_redis
    for _ in range(RATE.limit):
        assert rate_limit_hit(action="test", key="a", rate=RATE)
    assert not rate_limit_hit(action="test", key="a", rate=RATE)
    server.outage(mode)
    # Nothing to count with: allowed, and said so.
    assert rate_limit_hit(action="test", key="a", rate=RATE)
    assert "cache unavailable" in caplog.text
    server.stop()
    server.start()
    outage_forget()
    results = [rate_limit_hit(action="test", key="b", rate=RATE) for _ in range(RATE.limit + 1)]
    assert results == [True] * RATE.limit + [False]


@pytest.mark.redis_outage
def test_every_cache_call_answers_like_a_miss_while_redis_is_down(portal_on_private_redis):
    portal_on_private_redis.outage("stopped")
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["k"]) == {}
    assert cache.has_key("k") is False
    # add says "new": a caller guarding a one-off action goes ahead.
    assert cache.add("k", 1) is True
    cache.set("k", 1)
    cache.set_many({"k": 1})
    cache.delete("k")
    cache.delete_many(["k"])
    assert cache.touch("k") is False
    cache.clear()
    assert cache.get_or_set("k", "computed") == "computed"
    with pytest.raises(ValueError):
        cache.incr("k")
    with pytest.raises(ValueError):
        cache.decr("k")


# -- the client's address ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        # No proxy of ours: the header is the client's own words, ignored.
        (0, "198.51.100.9", "10.0.0.1"),
        # One proxy: it appended the address it saw, the rightmost entry.
        (1, "198.51.100.9", "198.51.100.9"),
        (1, "6.6.6.6, 198.51.100.9", "198.51.100.9"),
        # Two proxies: the first appended the client, the second the first proxy.
        (2, "6.6.6.6, 198.51.100.9, 10.0.0.7", "198.51.100.9"),
        (2, "198.51.100.9,10.0.0.7", "198.51.100.9"),
        # A chain shorter than ours: the request did not come through it.
        (2, "198.51.100.9", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        # Not an address: ignored.
        (1, "not-an-address", "10.0.0.1"),
        (1, "[2001:db8::5]:443", "2001:db8::5"),
        (1, "198.51.100.9:52000", "198.51.100.9"),
    ],
)
def test_client_address_behind_trusted_proxies(settings, proxies, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **extra)
    assert client_address(request) == expected


def test_allauth_reads_the_same_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9"
    )
    assert AccountAdapter().get_client_ip(request) == "198.51.100.9"


def _settings_in_a_fresh_process(**environ: str) -> str:
    code = (
        "import django; django.setup(); "
        "from django.conf import settings; from allauth.account import app_settings; "
        "print(settings.TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_PROXY_COUNT, "
        "bool(app_settings.RATE_LIMITS), app_settings.RATE_LIMITS.get('login_failed'))"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PATH": "/usr/bin:/bin",
        "DEBUG": "true",
        "SECRET_KEY": "only-for-this-test",
        **environ,
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_the_environment_sets_the_proxy_count_and_turns_allauths_limits_off():
    assert _settings_in_a_fresh_process(TRUSTED_PROXY_COUNT="2") == "2 2 True 10/m/ip,5/m/key"
    assert _settings_in_a_fresh_process(ACCOUNT_RATE_LIMITS_ENABLED="false") == "0 0 False None"


def test_rate_limits_are_counted_in_one_module() -> None:
    """Every limit goes through accounts.ratelimit; no other module counts hits itself."""
    import re
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    counting = re.compile(r"\bcache\.(incr|decr|add)\(|\bRateLimited\(")
    files = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    elsewhere = [
        name
        for name in files
        if not name.startswith(("tests/", "bench/"))
        and name != "accounts/ratelimit.py"
        # The readers' page-cache generation is a counter, not a limit.
        and name != "config/generation.py"
        and (root / name).is_file()
        and counting.search((root / name).read_text(encoding="utf-8"))
    ]
    assert elsewhere == []
