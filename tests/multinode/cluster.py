"""The multi-node tier's cluster: the production set-up on 127.0.0.1.

nginx with TLS (deploy/nginx/teamcoach.conf rendered for loopback by
scripts/observatory.py) in front of two app servers, each with its task worker, as
the systemd units run them (`teamcoach serve --port N --no-worker` and `teamcoach
worker`, production profile, one shared secret key, a var/ folder each), on one
throw-away PostgreSQL database and one Redis of the tier's own; an SMTP port the tests
open and close. scripts/multinode.py runs tests/multinode/, which breaks it.

Stopping PostgreSQL affects everything on the machine that uses it: the tier does it
once, for three seconds, and starts it again in a ``finally`` (``postgres()``). Redis
is the tier's own ``redis-server`` on a free port, so stopping it touches no one else.
"""

from __future__ import annotations

import contextlib
import http.client
import importlib.util
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from devtools.live import ROOT, free_port, own_postgres_database, stop_process

PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
#: The demo team every scenario uses (`teamcoach setup` loads the demo club).
TEAM = "riverside-first-xi"
USERNAME, PASSWORD = "tier-admin", "a long multinode passphrase 42"
WARM_UP = [f"/best/{TEAM}/11/", "/best/", f"/teams/{TEAM}/", "/api/v1/teams/", "/readyz"]

_spec = importlib.util.spec_from_file_location("observatory", ROOT / "scripts" / "observatory.py")
observatory = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(observatory)
_stop = stop_process


def missing_tools() -> list[str]:
    tools = ("nginx", "openssl", "redis-server", "pg_ctlcluster")
    return [tool for tool in tools if not shutil.which(tool)]


def postgres(action: str) -> None:
    """Stop (``-m immediate``: a crash, as the issue did it) or start the local cluster.

    ``--skip-systemctl-redirect`` makes pg_ctlcluster act itself, with or without
    systemd (CI containers have none).
    """
    version = sorted(os.listdir("/etc/postgresql"))[0]
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action]
    if action == "stop":
        command += ["-m", "immediate"]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def postgres_is_up() -> bool:
    result = subprocess.run(
        ["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(urlsplit(PG_URL).port or 5432)],
        check=False,
    )
    return result.returncode == 0


def postgres_started() -> None:
    """Whatever happened, PostgreSQL runs again (before the database is dropped)."""
    if not postgres_is_up():
        postgres("start")


@dataclass
class Node:
    name: str
    port: int
    var: Path
    web: subprocess.Popen[bytes]
    worker: subprocess.Popen[bytes]

    def granian_workers(self) -> list[int]:
        """The granian worker processes (children of granian's main process)."""
        path = Path(f"/proc/{self.web.pid}/task/{self.web.pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []


@dataclass
class Cluster:
    tmp: Path
    env: dict[str, str]
    database_url: str
    http_port: int
    https_port: int
    smtp_port: int
    redis_port: int
    cert: Path
    token: str
    nodes: list[Node] = field(default_factory=list)
    redis: subprocess.Popen[bytes] | None = None

    @property
    def origin(self) -> str:
        return f"https://localhost:{self.https_port}"

    def start_redis(self) -> None:
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_for_port(self.redis_port, self.redis)

    def stop_redis(self) -> None:
        if self.redis is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.redis.pid, signal.SIGCONT)
            _stop(self.redis)
            self.redis = None

    def query(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return list(connection.execute(sql, args).fetchall())

    def ready(self, node: Node) -> int:
        return Client(self, node=node).get("/readyz").status


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"nothing listens on port {port}")
        time.sleep(0.1)


_SETUP_USER = """
import django
django.setup()
from allauth.account.models import EmailAddress
from accounts.models import User
from api.services import api_token_issue
user = User.objects.create_superuser({username!r}, "tier@example.org", {password!r})
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
print(api_token_issue(user=user, name="multinode", by=user)[1])
"""


@contextlib.contextmanager
def cluster() -> Iterator[Cluster]:
    """nginx, two app servers and two workers on PostgreSQL and a Redis of our own."""
    if missing := missing_tools():
        raise RuntimeError(f"the multi-node tier needs {', '.join(missing)}")
    with (
        tempfile.TemporaryDirectory(prefix="teamcoach-multinode-") as name,
        own_postgres_database(PG_URL) as database_url,
        contextlib.ExitStack() as stack,
    ):
        stack.callback(postgres_started)
        tmp = Path(name)
        tmp.chmod(0o755)  # nginx's workers read the static files
        ports = [free_port() for _ in range(6)]
        http_port, https_port, smtp_port, redis_port, *app_ports = ports
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEAMCOACH_", "DJANGO"))}
        env |= {
            "TEAMCOACH_ENV": "production",
            "TEAMCOACH_SECRET_KEY": secrets.token_urlsafe(50),
            "TEAMCOACH_ALLOWED_HOSTS": "localhost",
            "TEAMCOACH_TRUSTED_PROXIES": "127.0.0.1",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "TEAMCOACH_FROM_EMAIL": "teamcoach <noreply@localhost>",
            # Retries a second apart instead of a minute: the SMTP scenario waits seconds.
            "TEAMCOACH_MAIL_RETRY_SECONDS": "1",
            "TEAMCOACH_MAIL_SWEEP_SECONDS": "1",
            "PYTHONUNBUFFERED": "1",
        }
        # The load comes from a few loopback addresses; the app's own per-address limits
        # are for people, not for a load test (nginx's stay as the file has them).
        for scope in ("LINEUP", "LOGIN", "SIGNUP", "IMPORT", "API", "EMAIL"):
            env[f"TEAMCOACH_RATE_{scope}"] = "1000000/m"
        cluster = Cluster(
            tmp=tmp, env=env, database_url=database_url, http_port=http_port,
            https_port=https_port, smtp_port=smtp_port, redis_port=redis_port,
            cert=tmp / "cert.pem", token="",
        )  # fmt: skip
        cluster.start_redis()
        stack.callback(cluster.stop_redis)
        cli = [sys.executable, "-m", "teamcoach.cli"]
        started = time.monotonic()
        for index in (1, 2):
            node_env = {**env, "TEAMCOACH_VAR_DIR": str(tmp / f"node{index}")}
            setup = ["setup"] if index == 1 else ["collectstatic", "--noinput", "-v", "0"]
            _run([*cli, *setup], node_env)
        token = _run(
            [sys.executable, "-c", _SETUP_USER.format(username=USERNAME, password=PASSWORD)],
            {**env, "DJANGO_SETTINGS_MODULE": "teamcoach.settings"},
        )
        cluster.token = token.strip().splitlines()[-1]
        for index, port in enumerate(app_ports, start=1):
            var = tmp / f"node{index}"
            node_env = {**env, "TEAMCOACH_VAR_DIR": str(var)}
            web_log = stack.enter_context((tmp / f"node{index}-web.log").open("w"))
            web = subprocess.Popen(
                [*cli, "serve", "--port", str(port), "--workers", "2", "--no-worker"],
                env=node_env, cwd=ROOT, stdout=web_log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            stack.callback(_stop, web)
            worker_log = stack.enter_context((tmp / f"node{index}-worker.log").open("w"))
            worker = subprocess.Popen(
                [*cli, "worker"], env=node_env, cwd=ROOT, stdout=worker_log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
            stack.callback(_stop, worker)
            cluster.nodes.append(Node(f"node{index}", port, var, web, worker))
        cert, key = observatory.certificate(tmp)
        conf = observatory.render_nginx(
            tmp, tmp / "node1" / "static", cert, key,
            http_port=http_port, https_port=https_port, app_ports=app_ports,
        )  # fmt: skip
        nginx = observatory.start_nginx(tmp, conf)
        stack.callback(_stop, nginx)
        for node in cluster.nodes:
            try:
                _wait_until(lambda node=node: cluster.ready(node) == 200, 60, f"{node.name} ready")
            except RuntimeError as error:
                answer = Client(cluster, node=node).get("/readyz")
                log = (tmp / f"{node.name}-web.log").read_text()[-3000:]
                raise RuntimeError(
                    f"{error}: /readyz → {answer.status} {answer.body!r}\n{log}"
                ) from None
        _wait_until(lambda: Client(cluster).get("/healthz").status == 200, 30, "nginx")
        for node in cluster.nodes:  # first requests import and compile: not what is measured
            client = Client(cluster, node=node)
            for path in WARM_UP * 4:
                client.get(path)
        nodes = ", ".join(f"{n.name} :{n.port}" for n in cluster.nodes)
        print(
            f"\n[multinode] up in {time.monotonic() - started:.0f} s: nginx :{https_port} → "
            f"{nodes}; PostgreSQL {urlsplit(database_url).path[1:]}; Redis :{redis_port}; "
            f"SMTP :{smtp_port}",
            flush=True,
        )
        yield cluster


def _run(command: Sequence[str], env: dict[str, str]) -> str:
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{' '.join(command[:4])} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _wait_until(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Seconds until ``condition()`` held (errors count as not yet)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        with contextlib.suppress(OSError, http.client.HTTPException):
            if condition():
                return time.monotonic() - started
        time.sleep(0.1)
    raise RuntimeError(f"{what}: not within {timeout} s")


# --- HTTP, as a browser or an API client would -----------------------------------------


@dataclass
class Answer:
    status: int  # 0: the connection failed
    headers: http.client.HTTPMessage | None
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")

    def header(self, name: str) -> str:
        return (self.headers.get(name) if self.headers else None) or ""


class Client:
    """One keep-alive connection: through nginx over TLS, or straight to a node (as
    nginx would: X-Forwarded-Proto https), from ``source`` (a loopback address: each
    address has nginx's per-address limits to itself). Keeps cookies."""

    def __init__(self, cluster: Cluster, *, node: Node | None = None, source: str = "127.0.0.1"):
        self.cluster, self.node, self.source = cluster, node, source
        self.cookies: dict[str, str] = {}
        self._connection: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            if self.node is None:
                context = ssl.create_default_context(cafile=str(self.cluster.cert))
                self._connection = http.client.HTTPSConnection(
                    "localhost", self.cluster.https_port, timeout=15, context=context,
                    source_address=(self.source, 0),
                )  # fmt: skip
            else:
                self._connection = http.client.HTTPConnection(
                    "127.0.0.1", self.node.port, timeout=15, source_address=(self.source, 0)
                )
        return self._connection

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Answer:
        headers = dict(headers or {})
        if self.node is not None:
            headers |= {"Host": "localhost", "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.monotonic()
        try:
            connection = self._connect()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.close()  # status 0, the error in the body: what a failed request was
            return Answer(0, None, repr(error).encode(), time.monotonic() - started)
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return Answer(response.status, response.headers, content, time.monotonic() - started)

    def get(self, path: str, **headers: str) -> Answer:
        return self.request("GET", path, headers=headers)

    def api(self, method: str, path: str, body: bytes | None = None, **headers: str) -> Answer:
        headers = {
            "Authorization": f"Bearer {self.cluster.token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            **headers,
        }
        return self.request(method, path, body, headers)

    def post_form(self, path: str, data: dict[str, str]) -> Answer:
        """GET the page for its CSRF token, then POST the form as a browser does."""
        page = self.get(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match, f"no form on {path} ({page.status})"
        origin = "https://localhost" if self.node else self.cluster.origin
        return self.request(
            "POST", path, urlencode({"csrfmiddlewaretoken": match[1], **data}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin,
             "Referer": origin + path},
        )  # fmt: skip

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


@dataclass
class Load:
    """What a load run saw: (start offset in s, status, seconds) per request, and what
    each failed one (status 0 or 5xx) said."""

    results: list[tuple[float, int, float]]
    failures: list[str] = field(default_factory=list)

    def statuses(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for _, status, _ in self.results:
            counts[status] = counts.get(status, 0) + 1
        return dict(sorted(counts.items()))

    def percentile(self, p: float) -> float:
        times = sorted(seconds for *_, seconds in self.results)
        return times[min(len(times) - 1, int(len(times) * p))] if times else 0.0

    def figures(self) -> str:
        p50, p99, top = (self.percentile(p) * 1000 for p in (0.5, 0.99, 1.0))
        return (
            f"{len(self.results)} requests, statuses {self.statuses()}, "
            f"p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {top:.0f} ms"
        )


#: Requests a second each load client sends at most: under the `rate=20r/s` of
#: deploy/nginx/teamcoach.conf's `limit_req_zone`.
PER_ADDRESS = 18


def load(
    cluster: Cluster,
    *,
    connections: int,
    seconds: float,
    request: Callable[[Client, int, int], Answer],
    events: Sequence[tuple[float, Callable[[], None]]] = (),
) -> Load:
    """``connections`` clients through nginx, each from its own loopback address, calling
    ``request(client, connection, n)`` for ``seconds``; ``events`` run at their offsets.

    Each client keeps under nginx's per-address limit (``PER_ADDRESS``): the limit is
    the file's, for people, and a client faster than it would measure nginx's 429s
    instead of the app (a kept page answers in a few milliseconds)."""
    results: list[tuple[float, int, float]] = []
    failures: list[str] = []
    lock = threading.Lock()
    started = time.monotonic()
    stop = threading.Event()

    def run(index: int) -> None:
        client = Client(cluster, source=f"127.0.0.{10 + index}")
        n = 0
        last = -1.0
        while not stop.is_set():
            # A request 1/rate after the one before at the earliest: never a catch-up
            # burst after a slow answer.
            time.sleep(max(0.0, last + 1 / PER_ADDRESS - (time.monotonic() - started)))
            at = last = time.monotonic() - started
            answer = request(client, index, n)
            with lock:
                results.append((at, answer.status, answer.seconds))
                if answer.status == 0 or answer.status >= 500:
                    failures.append(f"{at:.1f} s: {answer.status} {answer.text[:120]}")
            n += 1
        client.close()

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    for offset, event in events:
        time.sleep(max(0.0, offset - (time.monotonic() - started)))
        event()
    time.sleep(max(0.0, seconds - (time.monotonic() - started)))
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    return Load(results, failures)
