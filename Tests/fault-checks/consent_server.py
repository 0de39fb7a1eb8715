"""Runs the real `pigment consent-server` for the fault checks: a SQLite file of the test's own (or a
PostgreSQL database, given as its postgres:// URL), port 0 (the system picks a free one on
127.0.0.1), the repository's consent registry.

Environment:
  PIGMENT_BIN   the pigment binary (default: <repo>/.build/debug/pigment)
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
PIGMENT_BIN = Path(os.environ.get("PIGMENT_BIN", REPOSITORY / ".build" / "debug" / "pigment"))
READY_LINE = re.compile(r"Consent API at http://127\.0\.0\.1:(\d+)/")


class ConsentServer:
    """One server process; `start()` waits until it listens, `stop()` ends it (SIGTERM, then SIGKILL)."""

    def __init__(self, database: Path | str, *arguments: str, as_user: str | None = None, file_size_limit: int | None = None,
                 open_files_limit: int | None = None, log_folder: Path | None = None):
        """`database`: a SQLite file's path, or a `postgres://` URL (then `log_folder` holds the output)."""
        self.database = database
        self.arguments = list(arguments)
        self.as_user = as_user
        self.file_size_limit = file_size_limit
        self.open_files_limit = open_files_limit
        self.log = (log_folder or Path(database).parent) / f"server-{os.getpid()}-{time.monotonic_ns()}.log"
        self.process: subprocess.Popen | None = None
        self.port = 0

    def command(self) -> list[str]:
        binary, site_root = PIGMENT_BIN, REPOSITORY
        if self.as_user:
            binary, site_root = self.copies_for_another_user()
        command = [str(binary), "consent-server", "--site-root", str(site_root), "--database", database_argument(self.database),
                   "--host", "127.0.0.1", "--port", "0", "--rate-limit", "0", *self.arguments]
        if self.as_user:
            command = ["setpriv", f"--reuid={self.as_user}", f"--regid={self.as_user}", "--clear-groups", *command]
        return command

    def copies_for_another_user(self) -> tuple[Path, Path]:
        """The binary and the registry copied beside the database: the checkout may sit in a folder
        (such as /root) that the other user cannot enter."""
        folder = self.database.parent
        binary, site_root = folder / "pigment", folder / "site"
        if not binary.exists():
            shutil.copy2(PIGMENT_BIN, binary)
            # All of Content/ (164 KB): the server reads the registry in Content/data and, since the
            # cross-origin work, the policy page it names (Content/legal/privacy.md) at start.
            shutil.copytree(REPOSITORY / "Content", site_root / "Content")
            for path in [site_root, *site_root.rglob("*")]:
                path.chmod(0o755 if path.is_dir() else 0o644)
        return binary, site_root

    def start(self, timeout: float = 30) -> "ConsentServer":
        def limits():
            import resource
            if self.open_files_limit:
                resource.setrlimit(resource.RLIMIT_NOFILE, (self.open_files_limit, self.open_files_limit))
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT, preexec_fn=limits)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = READY_LINE.search(self.output())
            if match:
                self.port = int(match.group(1))
                return self
            if self.process.poll() is not None:
                raise AssertionError(f"the consent server exited with {self.process.returncode}:\n{self.output()}")
            time.sleep(0.05)
        raise AssertionError(f"the consent server did not start within {timeout} s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, as a crash or the OOM killer ends it."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def __enter__(self) -> "ConsentServer":
        return self.start()

    def __exit__(self, *_) -> None:
        self.stop()

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None,
                timeout: float = 20) -> tuple[int, dict, dict]:
        """(status, headers, JSON body or {}) on a connection of its own."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            try:
                answer = json.loads(data) if data else {}
            except ValueError:
                answer = {}
            return response.status, dict(response.getheaders()), answer
        finally:
            connection.close()

    def text(self, path: str) -> str:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request("GET", path)
            return connection.getresponse().read().decode()
        finally:
            connection.close()

    def post_choice(self, analytics: bool = True, timeout: float = 20) -> tuple[int, dict, dict]:
        return self.request("POST", "/api/consent", json.dumps({"choices": {"analytics": analytics}}),
                            {"Content-Type": "application/json"}, timeout=timeout)


def database_argument(database: Path | str) -> str:
    """`--database`'s value: a postgres:// URL as it is, a path as `sqlite:PATH`."""
    text = str(database)
    return text if text.startswith(("postgres://", "postgresql://")) else f"sqlite:{text}"


def verify(database: Path | str) -> subprocess.CompletedProcess:
    """`pigment consent verify` on the file (or the PostgreSQL database), as an auditor runs it."""
    return subprocess.run([str(PIGMENT_BIN), "consent", "verify", "--database", database_argument(database)],
                          capture_output=True, text=True, timeout=120)


def wait_until(condition, timeout: float, interval: float = 0.2):
    """The first truthy value of `condition()` within `timeout` seconds, else the last value."""
    deadline = time.monotonic() + timeout
    value = condition()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = condition()
    return value
