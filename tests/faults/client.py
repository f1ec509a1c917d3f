"""A signed-in participant driving the portal over HTTP, as a browser would.

Every write goes through the real form (CSRF token included) and is recorded as
a `Write`: what was sent, a token that finds it in the database, and whether the
portal acknowledged it (a redirect to where the saved thing lives). The fault tests
and `bench/load.py` then check the acknowledged writes against the database.
"""

import re
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Where each kind of write sends the browser once it is saved.
SAVED_AT = {
    "answer": re.compile(r"/en/questions/\d+/answer/$"),
    "reply": re.compile(r"/en/forum/threads/\d+/(\?page=\d+)?#post-\d+$"),
    "thread": re.compile(r"/en/forum/threads/\d+/$"),
    "decision": re.compile(r"/en/moderation/$"),
}


@dataclass
class Write:
    kind: str  # answer, reply, thread, decision
    token: str  # unique text inside the body (or the target's key for a decision)
    target: int | str  # question id, thread id, board slug, or "answer:12"
    email: str
    status: int | None = None  # None: no response at all (refused connection, timeout)
    acknowledged: bool = False


@dataclass
class Tally:
    """Responses by status and writes by outcome, shared by every participant of a run."""

    statuses: Counter[str] = field(default_factory=Counter)
    writes: list[Write] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def response(self, kind: str, status: int | None) -> None:
        with self.lock:
            self.statuses[f"{kind} {status if status is not None else 'no response'}"] += 1

    def write(self, write: Write) -> None:
        with self.lock:
            self.writes.append(write)

    def server_errors(self) -> dict[str, int]:
        return {key: n for key, n in self.statuses.items() if key.split()[-1].startswith("5")}


class Participant:
    def __init__(
        self,
        base_url: str,
        email: str,
        password: str,
        *,
        tally: Tally | None = None,
        timeout: float = 15,
    ) -> None:
        self.base_url, self.email, self.password = base_url, email, password
        self.tally = tally or Tally()
        self.timeout = timeout
        self.session = requests.Session()

    def _cookies_for_plain_http(self) -> None:
        """With DEBUG off the portal's cookies are `Secure`; on the loopback there is no
        TLS, so keep sending them back over plain HTTP as a TLS proxy would."""
        for cookie in self.session.cookies:
            cookie.secure = False

    # Plain requests, each counted ---------------------------------------------------

    def get(self, path: str, kind: str = "read") -> requests.Response | None:
        try:
            response = self.session.get(
                self.base_url + path, timeout=self.timeout, allow_redirects=False
            )
        except requests.RequestException:
            self.tally.response(kind, None)
            return None
        self._cookies_for_plain_http()
        self.tally.response(kind, response.status_code)
        return response

    def _token(self, form_path: str) -> str | None:
        token = self.session.cookies.get("csrftoken")
        if token:
            return token
        response = self.get(form_path, kind="form")
        if response is None:
            return None
        found = CSRF_INPUT.search(response.text)
        return found.group(1) if found else self.session.cookies.get("csrftoken")

    def post(
        self, path: str, data: dict[str, str], *, kind: str, form_path: str | None = None
    ) -> requests.Response | None:
        token = self._token(form_path or path)
        if token is None:
            self.tally.response(kind, None)
            return None
        try:
            response = self.session.post(
                self.base_url + path,
                data={"csrfmiddlewaretoken": token, **data},
                headers={"Referer": self.base_url + (form_path or path)},
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException:
            self.tally.response(kind, None)
            return None
        self._cookies_for_plain_http()
        self.tally.response(kind, response.status_code)
        return response

    # What a participant does -----------------------------------------------------------

    def sign_in(self) -> bool:
        response = self.post(
            "/en/accounts/login/",
            {"login": self.email, "password": self.password},
            kind="sign-in",
        )
        return (
            response is not None
            and response.status_code == 302
            and "/accounts/login" not in response.headers.get("Location", "")
        )

    def _write(
        self,
        kind: str,
        target: int | str,
        path: str,
        data: dict[str, str],
        token: str,
        form_path: str | None = None,
    ) -> Write:
        write = Write(kind=kind, token=token, target=target, email=self.email)
        response = self.post(path, data, kind=kind, form_path=form_path)
        if response is not None:
            write.status = response.status_code
            location = response.headers.get("Location", "")
            write.acknowledged = response.status_code in (302, 303) and bool(
                SAVED_AT[kind].search(location)
            )
        self.tally.write(write)
        return write

    def answer(self, question_id: int, text: str = "") -> Write:
        token = f"ans-{uuid.uuid4().hex}"
        body = f"{text or 'Our trade policy should favour fair rules.'} [{token}]"
        return self._write(
            "answer",
            question_id,
            f"/en/questions/{question_id}/answer/",
            {
                "body": body,
                "language": "en",
                "consent_to_publish": "on",
                "display_name": "",
                "action": "submit",
            },
            token,
        )

    def reply(self, thread_id: int, text: str = "") -> Write:
        token = f"rep-{uuid.uuid4().hex}"
        body = f"{text or 'I agree with the point about peacekeeping.'} [{token}]"
        return self._write(
            "reply",
            thread_id,
            f"/en/forum/threads/{thread_id}/reply/",
            {"body": body, "language": "en", "website": ""},
            token,
        )

    def thread_create(self, board_slug: str, text: str = "") -> Write:
        token = f"thr-{uuid.uuid4().hex}"
        return self._write(
            "thread",
            board_slug,
            f"/en/forum/{board_slug}/new/",
            {
                "title": f"A question on foreign aid {token[-8:]}",
                "body": f"{text or 'Should aid follow trade or values?'} [{token}]",
                "language": "en",
                "website": "",
            },
            token,
        )

    def decide(self, key: str, action: str = "publish") -> Write:
        """A moderator's decision on one queue item, e.g. `answer:12`."""
        return self._write(
            "decision",
            key,
            "/en/moderation/decide/",
            {"key": key, "action": action, "reason": "", "note": "", "next": ""},
            key,
            form_path="/en/moderation/",
        )


TOKEN = re.compile(r"\[((?:ans|rep|thr)-[0-9a-f]{32})\]")


def writes_check(writes: list[Write], sql: Callable[..., list[tuple[Any, ...]]]) -> list[str]:
    """Problems found when the database is compared with the writes: an acknowledged
    write missing, or any write present more than once.

    `sql(query, *params)` returns rows of the portal's database.
    """
    found: Counter[str] = Counter()
    for table in ("questions_answer", "forum_post"):
        for (body,) in sql(f"SELECT body FROM {table}"):  # noqa: S608 - fixed names
            found.update(TOKEN.findall(body))
    problems = []
    answers = [w for w in writes if w.kind == "answer"]
    for write in writes:
        if write.kind == "decision":
            continue
        count = found[write.token]
        if write.kind == "answer" and count == 0:
            # One answer per person and question: a later write of the same person may
            # have replaced this text, which is right if that later one is there.
            same = [w.token for w in answers if (w.email, w.target) == (write.email, write.target)]
            if any(found[token] for token in same[same.index(write.token) + 1 :]):
                continue
        if write.acknowledged and count != 1:
            problems.append(
                f"acknowledged {write.kind} {write.token} of {write.email}: {count} rows"
            )
        elif count > 1:
            problems.append(f"{write.kind} {write.token} of {write.email}: {count} rows")
    return problems
