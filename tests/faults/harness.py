"""A whole portal in production shape on private ports, owned by the tests that break it.

`Portal` starts its own PostgreSQL 15 cluster, Redis, an SMTP sink, gunicorn (2
workers, `DEBUG=false`), a Celery worker and Celery beat, each a subprocess in its
own process group, so a test can stop, kill, hang (SIGSTOP) or resume any of them
and `close()` always takes the whole set down. Nothing here touches the shared
PostgreSQL or Redis of the machine.
"""

import email
import email.policy
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from email.message import EmailMessage
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PG_BIN = Path(os.environ.get("FAULTS_PG_BIN", "/usr/lib/postgresql/15/bin"))

PORTS = {
    "postgres": int(os.environ.get("FAULTS_PG_PORT", "5445")),
    "redis": int(os.environ.get("FAULTS_REDIS_PORT", "6395")),
    "web": int(os.environ.get("FAULTS_WEB_PORT", "8095")),
    "smtp": int(os.environ.get("FAULTS_SMTP_PORT", "2595")),
}
DATABASE = "dialogue_faults"


def missing_binaries() -> list[str]:
    """What the harness needs and this machine lacks (the tests skip, naming them)."""
    needed = [PG_BIN / "initdb", PG_BIN / "pg_ctl", PG_BIN / "postgres"]
    missing = [str(path) for path in needed if not os.access(path, os.X_OK)]
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    for name in ("gunicorn", "celery"):
        if not os.access(VENV_BIN / name, os.X_OK):
            missing.append(str(VENV_BIN / name))
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        missing.append("runuser")
    return missing


def port_open(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    """Poll `condition` until it holds; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise TimeoutError(f"{what}: not within {timeout:.0f} s")


class Process:
    """One long-running subprocess in its own process group, with its log in a file."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        *,
        env: dict[str, str],
        log: Path,
        ready: Callable[["Process"], bool],
        start_timeout: float = 60,
    ) -> None:
        self.name, self.argv, self.env, self.log = name, argv, env, log
        self.ready, self.start_timeout = ready, start_timeout
        self.popen: subprocess.Popen[bytes] | None = None
        self.log_offset = 0

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def start(self) -> None:
        if self.running:
            return
        self.log_offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as log:
            self.popen = subprocess.Popen(
                self.argv,
                env=self.env,
                cwd=BASE_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

        def started() -> bool:
            if not self.running:
                raise RuntimeError(f"{self.name} exited while starting; see {self.log}")
            return self.ready(self)

        wait_for(started, timeout=self.start_timeout, what=f"{self.name} ready")

    def new_log(self) -> str:
        """What the process logged since its last start."""
        with self.log.open("rb") as log:
            log.seek(self.log_offset)
            return log.read().decode(errors="replace")

    def _signal_group(self, sig: int) -> None:
        if self.popen is not None:
            with suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM the group (a warm shutdown), SIGKILL what is left after `timeout`."""
        if self.popen is None:
            return
        self._signal_group(signal.SIGCONT)  # a hung process cannot act on SIGTERM
        self._signal_group(signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=timeout)
        self._signal_group(signal.SIGKILL)  # children the leader left behind
        self.popen.wait()
        self.popen = None

    def kill(self) -> None:
        """SIGKILL the whole group at once: no clean-up, as when a machine dies."""
        if self.popen is None:
            return
        self._signal_group(signal.SIGKILL)
        self.popen.wait()
        self.popen = None

    def hang(self) -> None:
        self._signal_group(signal.SIGSTOP)

    def resume(self) -> None:
        self._signal_group(signal.SIGCONT)

    def restart(self) -> None:
        self.stop()
        self.start()


class PostgresCluster:
    """A private PostgreSQL 15 cluster in a temporary folder, run with pg_ctl."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.data = folder / "data"
        self.log = folder / "postgres.log"

    def _run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = list(argv)
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root: the cluster belongs to `postgres`.
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if check and done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            # fsync off: the tests stop and kill PostgreSQL, not the machine under it.
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.folder}'\nfsync = off\n"
                "full_page_writes = off\nmax_connections = 200\n"
            )

    @property
    def running(self) -> bool:
        return (
            self._run(
                str(PG_BIN / "pg_ctl"), "-D", str(self.data), "status", check=False
            ).returncode
            == 0
        )

    def start(self) -> None:
        if self.running:
            return
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """`fast` disconnects every client and shuts down cleanly; `immediate` is a crash."""
        if not self.running:
            return
        self.resume()
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self, mode: str = "fast") -> None:
        self.stop(mode)
        self.start()

    def _pids(self) -> list[int]:
        """The postmaster and every process it forked (backends, checkpointer…)."""
        try:
            postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        except (FileNotFoundError, ValueError, IndexError):
            return []
        pids = [postmaster]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == postmaster:
                pids.append(int(stat.parent.name))
        return pids

    def hang(self) -> None:
        for pid in self._pids():
            os.kill(pid, signal.SIGSTOP)

    def resume(self) -> None:
        for pid in self._pids():
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)


class SmtpSink(Process):
    """The mail server: accepts and records, refuses with 451, or is not there at all."""

    def __init__(self, folder: Path, port: int, env: dict[str, str]) -> None:
        self.folder = folder
        super().__init__(
            "smtp sink",
            [
                sys.executable,
                "-m",
                "tests.faults.smtp_sink",
                "--port",
                str(port),
                "--folder",
                str(folder),
            ],
            env=env,
            log=folder / "smtp.log",
            ready=lambda _process: port_open(port),
        )
        folder.mkdir(parents=True, exist_ok=True)

    def refuse(self, refusing: bool = True) -> None:
        flag = self.folder / "refuse"
        if refusing:
            flag.touch()
        else:
            flag.unlink(missing_ok=True)

    def messages(self) -> list[EmailMessage]:
        found = sorted((self.folder / "messages").glob("*.eml"), key=lambda p: p.stat().st_mtime)
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in found
        ]


class Portal:
    """The portal's processes and services; `start()` brings all up, `close()` all down."""

    def __init__(self, *, participants: int = 20, extra_env: dict[str, str] | None = None) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="dialogue-faults-"))
        self.root.chmod(0o711)  # the `postgres` user reaches its cluster folder inside
        self.participants = participants
        self.url = f"http://127.0.0.1:{PORTS['web']}"
        self.database_url = f"postgres://postgres@127.0.0.1:{PORTS['postgres']}/{DATABASE}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": f"redis://127.0.0.1:{PORTS['redis']}/0",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(PORTS["smtp"]),
            "EMAIL_USE_TLS": "false",
            "STATIC_ROOT": str(self.root / "static"),
            "MEDIA_ROOT": str(self.root / "media"),
            "REPORTS_ROOT": str(self.root / "reports"),
            "SITE_URL": self.url,
            # Sign-ins are for getting a session, not for measuring PBKDF2.
            "FAST_PASSWORD_HASHER": "true",
            # Every participant's post is published at once, so replies notify subscribers.
            "FORUM_TRUST_THRESHOLD": "0",
            "FORUM_POST_RATE": "1000/60",
            "LOG_LEVEL": "WARNING",
            # Every simulated participant signs in from 127.0.0.1: per-address limits
            # would turn the load into 429s that no real crowd would see.
            "ACCOUNT_RATE_LIMITS_ENABLED": "false",
            "ANSWER_SUBMIT_RATE": "100000/60",
            "SEARCH_RATE": "100000/60",
            # Outbox retries within the tests' patience (production waits minutes).
            "OUTBOX_BACKOFF_SECONDS": "1",
            "OUTBOX_BACKOFF_MAX_SECONDS": "5",
            "OUTBOX_REQUEUE_AFTER_SECONDS": "5",
            **(extra_env or {}),
        }
        self.seeded: dict[str, Any] = {}
        self.postgres = PostgresCluster(self.root / "postgres", PORTS["postgres"])
        self.redis = Process(
            "redis",
            [
                "redis-server",
                "--port",
                str(PORTS["redis"]),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            env=self.env,
            log=self.root / "redis.log",
            ready=lambda _p: self._redis_ping(),
        )
        self.smtp = SmtpSink(self.root / "smtp", PORTS["smtp"], self.env)
        self.web = Process(
            "gunicorn",
            [
                str(VENV_BIN / "gunicorn"),
                "config.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{PORTS['web']}",
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--log-level",
                "warning",
            ],
            env=self.env,
            log=self.root / "gunicorn.log",
            ready=lambda _p: self._web_answers(),
        )
        self.worker = Process(
            "celery worker",
            [
                str(VENV_BIN / "celery"),
                "-A",
                "config",
                "worker",
                "-Q",
                "default,reports",
                "--concurrency",
                "2",
                "-l",
                "info",
                "-n",
                "faults@%h",
            ],
            env=self.env,
            log=self.root / "worker.log",
            ready=lambda p: " ready." in p.new_log(),
        )
        self.beat = Process(
            "celery beat",
            [
                str(VENV_BIN / "celery"),
                "-A",
                "config",
                "beat",
                "-l",
                "info",
                "-s",
                str(self.root / "beat-schedule"),
            ],
            env=self.env,
            log=self.root / "beat.log",
            ready=lambda p: "beat: Starting" in p.new_log(),
        )

    # Start and stop ---------------------------------------------------------------

    def start(self) -> None:
        busy = [f"{name} {port}" for name, port in PORTS.items() if port_open(port)]
        if busy:
            # A portal left over from an interrupted run would answer in place of this one.
            raise RuntimeError(f"ports already in use: {', '.join(busy)}")
        try:
            self.postgres.init()
            self.postgres.start()
            self._run(
                [
                    str(PG_BIN / "createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(PORTS["postgres"]),
                    "-U",
                    "postgres",
                    DATABASE,
                ]
            )
            self.redis.start()
            self.smtp.start()
            self.manage("migrate", "--noinput", "-v0")
            self.manage("collectstatic", "--noinput", "-v0")
            seeded = self._run(
                [
                    sys.executable,
                    "-m",
                    "tests.faults.seed",
                    "--participants",
                    str(self.participants),
                ]
            )
            self.seeded = json.loads(seeded.stdout)
            self.web.start()
            self.worker.start()
            self.beat.start()
        except BaseException:
            self.close()
            raise

    def ensure_up(self) -> None:
        """Bring back whatever a test left stopped or hung, without restarting the rest."""
        self.postgres.resume()
        self.postgres.start()
        self.smtp.refuse(False)
        for process in (self.redis, self.smtp, self.web, self.worker, self.beat):
            process.resume()
            process.start()

    def close(self) -> None:
        for process in (self.beat, self.worker, self.web, self.smtp, self.redis):
            try:
                process.stop(timeout=10)
            except Exception:  # noqa: S112 - tear down the rest whatever happens
                continue
        with suppress(Exception):  # a cluster that never started has nothing to stop
            self.postgres.stop("immediate")
        if os.environ.get("FAULTS_KEEP") != "1":
            shutil.rmtree(self.root, ignore_errors=True)

    # Helpers ------------------------------------------------------------------------

    def _run(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            argv, env=self.env, cwd=BASE_DIR, capture_output=True, text=True, timeout=300
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def manage(self, *args: str) -> str:
        return self._run([sys.executable, "manage.py", *args]).stdout

    def _redis_ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=PORTS["redis"], socket_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def _web_answers(self) -> bool:
        import requests

        try:
            return requests.get(f"{self.url}/en/", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        """Rows of a query on the portal's database (the tests' source of truth)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1",
            port=PORTS["postgres"],
            user="postgres",
            dbname=DATABASE,
            connect_timeout=5,
        ) as connection:
            return connection.execute(query, params).fetchall()

    def logs(self) -> str:
        """The tail of every log, for a failing test's report."""
        parts = []
        for path in sorted(self.root.rglob("*.log")):
            text = path.read_text(errors="replace")
            parts.append(f"---- {path.name} ----\n{text[-3000:]}")
        return "\n".join(parts)

    @contextmanager
    def down(self, name: str) -> Iterator[None]:
        """`with portal.down("redis"):` the service is stopped inside, started after."""
        service = getattr(self, name)
        service.stop()
        try:
            yield
        finally:
            service.start()

    @contextmanager
    def hung(self, name: str) -> Iterator[None]:
        service = getattr(self, name)
        service.hang()
        try:
            yield
        finally:
            service.resume()
