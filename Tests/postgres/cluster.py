#!/usr/bin/env python3
"""A throwaway PostgreSQL cluster for the tests: Debian's server binaries, a fresh temporary
folder, a superuser with a random password (scram-sha-256), TLS with a self-signed certificate,
127.0.0.1 only on a free port, the socket inside the folder. Stopped and removed on any exit.

usage: cluster.py [--fast] [--quiet] -- COMMAND [ARGUMENT...]

Starts a cluster, runs COMMAND with PIGMENT_TEST_POSTGRES_URL=postgres://USER:PASS@127.0.0.1:PORT/postgres
in its environment (a superuser: tests create their own databases in it; add ?sslmode=require for
TLS), then stops the cluster (`pg_ctl stop -m fast`), removes the folder and exits with COMMAND's
status (128 + N when a signal N ended it). Ctrl-C, SIGTERM and SIGHUP stop COMMAND, then the cluster.
When PIGMENT_TEST_POSTGRES_URL is already set, COMMAND runs against that one and nothing is started
(`make fault-checks` inside `make test` shares its cluster).

  --fast   fsync=off, synchronous_commit=off, full_page_writes=off: a cluster for tests that never
           crash PostgreSQL itself (commits are still real transactions). The default is durable.
  --quiet  no progress lines on stderr

As root the server runs as the `postgres` user (Debian's postgresql package makes it; `nobody`
when it is missing): PostgreSQL refuses to run as root. A cluster that cannot be made or started
(or no PostgreSQL installation) is exit status 3 under CI=true, with the server's log or what to
install (`make test` installs it: `apt-get install postgresql`); elsewhere COMMAND runs without
the variable after a loud message, and the PostgreSQL tests skip saying why.

From Python (the fault checks, Tests/bench/bench.py), the same cluster:

    from cluster import Cluster
    with Cluster() as cluster:            # started; cluster.url, cluster.port, cluster.log_text()
        cluster.create_database("x")      # and cluster.url_for("x")
        cluster.stop_server()             # a real outage: the server down, the data kept
        cluster.start_server()            # back on the same port

Standard library only (Python 3.11), Linux.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

URL_VARIABLE = "PIGMENT_TEST_POSTGRES_URL"
SUPERUSER = "pigment_test"
START_TIMEOUT = 60  # seconds for `pg_ctl start -w` (the first start after initdb included)


class ClusterUnavailable(Exception):
    """No PostgreSQL installation, or the cluster could not be made or started (the log is in the message)."""


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def server_bindir() -> Path:
    """The folder holding initdb, pg_ctl and postgres: $PG_BINDIR, `pg_config --bindir`, else the
    newest /usr/lib/postgresql/*/bin (Debian keeps them off PATH)."""
    def complete(folder) -> bool:
        return all((Path(folder) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres"))

    if os.environ.get("PG_BINDIR"):
        if complete(os.environ["PG_BINDIR"]):
            return Path(os.environ["PG_BINDIR"])
        raise ClusterUnavailable(f"PG_BINDIR={os.environ['PG_BINDIR']} holds no initdb, pg_ctl and postgres")
    candidates = []
    if shutil.which("pg_config"):
        try:
            found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, timeout=10).stdout.strip()
            candidates.append(found)
        except (OSError, subprocess.TimeoutExpired):
            pass

    def version(folder):
        match = re.search(r"/postgresql/(\d+)(?:\.(\d+))?/bin$", folder)
        return (int(match.group(1)), int(match.group(2) or 0)) if match else (0, 0)

    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    for folder in candidates:
        if folder and complete(folder):
            return Path(folder)
    raise ClusterUnavailable("no PostgreSQL server binaries (initdb, pg_ctl, postgres) in `pg_config --bindir` or "
                             "/usr/lib/postgresql/*/bin: apt-get install postgresql (make test installs it)")


def become_subreaper() -> None:
    """pg_ctl starts the postmaster and exits: the postmaster would be adopted by PID 1, which in a
    container may never reap it (a zombie after it stopped). As a subreaper, this process adopts it
    and `alive()` reaps it."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def alive(pid: int) -> bool:
    """Whether the process runs (a zombie does not: it is reaped here when it is our child)."""
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def kill_group(group: int, timeout: float = 5) -> None:
    """SIGKILL to a process group, then reaps its members we adopted (see become_subreaper)."""
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        members = [pid for pid in process_ids() if process_group(pid) == group]
        if not [pid for pid in members if alive(pid)]:
            return
        time.sleep(0.05)


def process_ids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def process_group(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[2])
    except (OSError, IndexError, ValueError):
        return None


def free_port() -> int:
    """A port nobody listens on now on 127.0.0.1 (the kernel's pick for port 0)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One throwaway cluster. `start()` makes and starts it, `close()` stops it and removes its folder;
    a context manager does both."""

    def __init__(self, fast: bool = False, quiet: bool = True, max_connections: int = 200):
        self.fast = fast
        self.quiet = quiet
        self.max_connections = max_connections
        self.bindir: Path | None = None
        self.folder: Path | None = None
        self.port = 0
        self.password = secrets.token_hex(16)  # hex: nothing to escape in a URL
        self.user = SUPERUSER
        self.os_user: str | None = None  # the unprivileged user the server runs as, when we are root
        self.server_pid: int | None = None  # the postmaster, once started

    # ------------------------------------------------------------ paths and URLs

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    @property
    def url(self) -> str:
        return self.url_for("postgres")

    def url_for(self, database: str, **parameters: str) -> str:
        query = "&".join(f"{key}={value}" for key, value in parameters.items())
        return f"postgres://{self.user}:{self.password}@127.0.0.1:{self.port}/{database}" + (f"?{query}" if query else "")

    def log_text(self, lines: int = 60) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:]) or "(the server log is empty)"

    def say(self, message: str) -> None:
        if not self.quiet:
            print(f"postgres cluster: {message}", file=sys.stderr, flush=True)

    # ------------------------------------------------------------ running tools as the server's user

    def as_server_user(self, argv: list[str]) -> list[str]:
        if self.os_user is None:
            return argv
        return ["runuser", "-u", self.os_user, "--", *argv]

    def run(self, argv: list[str], timeout: float, what: str) -> subprocess.CompletedProcess:
        """Runs a setup tool in a session of its own: the postmaster pg_ctl starts stays out of the
        terminal's process group (Ctrl-C there would stop it under the running tests), and when we are
        interrupted or the tool hangs, the whole group (runuser, initdb's `postgres --single`) is killed."""
        try:
            process = subprocess.Popen(self.as_server_user(argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       text=True, cwd=self.folder, env=self.tool_environment(), start_new_session=True)
        except OSError as error:
            raise ClusterUnavailable(f"{what} could not run: {error}") from error
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except BaseException as error:
            kill_group(process.pid)
            process.wait()
            if isinstance(error, subprocess.TimeoutExpired):
                raise ClusterUnavailable(f"{what} did not finish within {timeout:.0f} s\n{self.log_text()}") from error
            raise
        return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)

    def tool_environment(self) -> dict:
        environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        environment.update(LC_ALL="C.UTF-8", LANG="C.UTF-8", TZ="UTC")
        if self.os_user:
            environment["HOME"] = str(self.folder)
        return environment

    # ------------------------------------------------------------ life cycle

    def start(self) -> "Cluster":
        self.bindir = server_bindir()
        become_subreaper()
        if os.geteuid() == 0:
            self.os_user = "postgres" if self.user_exists("postgres") else "nobody"
        self.folder = Path(tempfile.mkdtemp(prefix="pigment-postgres-", dir="/tmp"))
        try:
            self.make()
            self.start_server(new_port=True)
        except BaseException:
            self.close()
            raise
        return self

    @staticmethod
    def user_exists(name: str) -> bool:
        try:
            pwd.getpwnam(name)
            return True
        except KeyError:
            return False

    def make(self) -> None:
        """initdb with the password from a file, pg_hba for scram-sha-256 over TCP (TLS or not), a
        self-signed certificate, and the settings for 127.0.0.1 and the socket in our folder."""
        began = time.monotonic()
        self.socket_dir.mkdir()
        password_file = self.folder / "password"
        password_file.write_text(self.password + "\n")
        password_file.chmod(0o600)
        certificate, key = self.folder / "server.crt", self.folder / "server.key"
        made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
                               "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                               "-keyout", str(key), "-out", str(certificate)],
                              capture_output=True, text=True, timeout=60)
        if made.returncode != 0:
            raise ClusterUnavailable(f"openssl req -x509 failed (exit status {made.returncode}):\n{made.stderr}")
        key.chmod(0o600)  # PostgreSQL refuses a key others can read
        if self.os_user:
            owner = pwd.getpwnam(self.os_user)
            for path in (self.folder, self.socket_dir, password_file, certificate, key):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        self.folder.chmod(0o700)

        result = self.run([str(self.bindir / "initdb"), "--pgdata", str(self.data), "--username", self.user,
                           f"--pwfile={password_file}", "--auth=scram-sha-256", "--encoding=UTF8",
                           "--locale=C.UTF-8", "--no-sync", "--no-instructions"], timeout=120, what="initdb")
        if result.returncode != 0:
            raise ClusterUnavailable(f"initdb failed (exit status {result.returncode}):\n{result.stdout}{result.stderr}")
        password_file.unlink()

        (self.data / "pg_hba.conf").write_text(
            "# Written by Tests/postgres/cluster.py: password (scram-sha-256) only, TLS or not, 127.0.0.1 only.\n"
            "local   all  all                scram-sha-256\n"
            "hostssl all  all  127.0.0.1/32  scram-sha-256\n"
            "host    all  all  127.0.0.1/32  scram-sha-256\n")
        settings = [
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{self.socket_dir}'",
            f"max_connections = {self.max_connections}",
            "ssl = on",
            f"ssl_cert_file = '{certificate}'",
            f"ssl_key_file = '{key}'",
            "password_encryption = 'scram-sha-256'",
            "log_destination = 'stderr'",
            "logging_collector = off",
            "log_min_messages = warning",
            "log_connections = off",
            "timezone = 'UTC'",
        ]
        if self.fast:
            settings += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write("\n# Written by Tests/postgres/cluster.py\n" + "\n".join(settings) + "\n")
        self.say(f"made in {self.folder} with {self.bindir}/initdb ({time.monotonic() - began:.1f} s)")

    def start_server(self, new_port: bool = False) -> None:
        """Starts the server and waits until it accepts connections over TCP (bounded). On the same
        port as before unless `new_port`; a port taken meanwhile by another process is retried on a
        new one only when `new_port`."""
        attempts = 5 if new_port else 1
        for attempt in range(1, attempts + 1):
            if new_port:
                self.port = free_port()
            began = time.monotonic()
            with open(self.log, "a") as log:
                log.write(f"--- cluster.py: starting on 127.0.0.1:{self.port}\n")
            if self.os_user:
                os.chown(self.log, pwd.getpwnam(self.os_user).pw_uid, -1)
            result = self.run([str(self.bindir / "pg_ctl"), "start", "--pgdata", str(self.data), "--log", str(self.log),
                               "--wait", f"--timeout={START_TIMEOUT}", "--silent", "-o", f"-p {self.port}"],
                              timeout=START_TIMEOUT + 15, what="pg_ctl start")
            if result.returncode == 0 and self.accepts_connections(timeout=15):
                self.server_pid = self.postmaster_pid()
                self.say(f"listening on 127.0.0.1:{self.port} ({time.monotonic() - began:.1f} s)")
                return
            log = self.log_text()
            self.stop_server(quiet=True)
            if attempt < attempts and ("could not bind" in log or "already in use" in log):
                continue
            raise ClusterUnavailable(f"the server did not start on 127.0.0.1:{self.port} "
                                     f"(pg_ctl exit status {result.returncode}) {result.stderr.strip()}\n"
                                     f"server log ({self.log}):\n{log}")
        raise ClusterUnavailable(f"no free port after {attempts} attempts\n{self.log_text()}")

    def accepts_connections(self, timeout: float) -> bool:
        """pg_isready over TCP, the way the clients come (bounded)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready = self.run([str(self.bindir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port),
                              "-t", "5"], timeout=15, what="pg_isready") if (self.bindir / "pg_isready").exists() else None
            if ready is None:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=2).close()
                    return True
                except OSError:
                    pass
            elif ready.returncode == 0:
                return True
            time.sleep(0.1)
        return False

    def running(self) -> bool:
        return self.postmaster_pid() is not None

    def postmaster_pid(self) -> int | None:
        try:
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None
        return pid if alive(pid) else None

    def stop_server(self, quiet: bool = False) -> None:
        """`pg_ctl stop -m fast` (bounded), then `-m immediate`, then SIGKILL to the postmaster:
        the server is down afterwards, its data kept."""
        if self.folder is None or self.bindir is None or not self.data.exists():
            return
        for mode, timeout in (("fast", 30), ("immediate", 15)):
            if self.postmaster_pid() is None:
                break
            try:
                self.run([str(self.bindir / "pg_ctl"), "stop", "--pgdata", str(self.data), "--mode", mode,
                          "--wait", f"--timeout={timeout}", "--silent"], timeout=timeout + 10, what="pg_ctl stop")
            except ClusterUnavailable:
                pass
        pid = self.postmaster_pid()
        if pid is not None:
            print(f"postgres cluster: pg_ctl could not stop postmaster {pid}: SIGKILL", file=sys.stderr)
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        # Wait until the postmaster is gone, and reap it (we adopted it, see become_subreaper): no zombie stays.
        pid = pid or self.server_pid
        deadline = time.monotonic() + 10
        while pid is not None and alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.server_pid = None
        if not quiet:
            self.say("stopped")

    def close(self) -> None:
        """Stops the server and removes the folder; safe to call twice."""
        if self.folder is None:
            return
        try:
            self.stop_server()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.say(f"removed {self.folder}")
            self.folder = None

    def __enter__(self) -> "Cluster":
        return self.start()

    def __exit__(self, *_) -> None:
        self.close()

    # ------------------------------------------------------------ SQL

    def psql(self, sql: str, database: str = "postgres", timeout: float = 60) -> str:
        """Runs SQL through psql over TCP as the superuser; its output (unaligned, tuples only)."""
        return psql(self.url_for(database), sql, timeout=timeout)

    def create_database(self, name: str) -> str:
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url_for(name)


def psql_binary() -> str:
    found = shutil.which("psql")
    if found:
        return found
    try:
        return str(server_bindir() / "psql")
    except ClusterUnavailable:
        return "psql"


def psql(url: str, sql: str, timeout: float = 60) -> str:
    """psql on a URL (with its password), ON_ERROR_STOP, unaligned tuples: the output, or CalledProcessError."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    environment["PGCONNECT_TIMEOUT"] = "10"
    result = subprocess.run([psql_binary(), "--no-psqlrc", "-X", "-v", "ON_ERROR_STOP=1", "-At", "-d", url, "-c", sql],
                            capture_output=True, text=True, timeout=timeout, env=environment)
    if result.returncode != 0:
        raise subprocess.CalledProcessError(result.returncode, ["psql", sql], result.stdout, result.stderr)
    return result.stdout


# ---------------------------------------------------------------- the command-line wrapper

def main(argv: list[str]) -> int:
    options, command = [], []
    if "--" in argv:
        split = argv.index("--")
        options, command = argv[:split], argv[split + 1:]
    else:
        options = [a for a in argv if a.startswith("--")]
        command = [a for a in argv if not a.startswith("--")]
    unknown = set(options) - {"--fast", "--quiet", "--help", "-h"}
    if "--help" in options or "-h" in options or unknown or not command:
        print(__doc__.split("\n\n")[1].strip(), file=sys.stderr)
        if unknown:
            print(f"unknown option: {' '.join(sorted(unknown))}", file=sys.stderr)
        return 0 if ("--help" in options or "-h" in options) and not unknown else 2

    if os.environ.get(URL_VARIABLE):
        print(f"postgres cluster: {URL_VARIABLE} is already set, running against it", file=sys.stderr, flush=True)
        return run_command(command, os.environ.copy())

    # Until the command runs, a signal stops the setup (and the `finally` below removes it).
    def interrupted(number, frame):
        raise KeyboardInterrupt
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, interrupted)

    cluster = Cluster(fast="--fast" in options, quiet="--quiet" in options)
    try:
        try:
            cluster.start()
        except ClusterUnavailable as error:
            if in_ci():
                print(f"postgres cluster: FAILED (CI=true): {error}", file=sys.stderr, flush=True)
                return 3
            print(f"\n{'!' * 78}\npostgres cluster: cannot start, so the PostgreSQL tests will SKIP: {error}\n"
                  f"{'!' * 78}\n", file=sys.stderr, flush=True)
            return run_command(command, os.environ.copy())
        environment = os.environ.copy()
        environment[URL_VARIABLE] = cluster.url
        return run_command(command, environment)
    except KeyboardInterrupt:
        print("postgres cluster: interrupted", file=sys.stderr)
        return 130
    finally:
        # No signal may cut the teardown short.
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_IGN)
        cluster.close()
        reap_adopted()


def reap_adopted() -> None:
    """Reaps whatever this process adopted as a subreaper and has ended (the command's orphans), so
    no zombie is handed to a PID 1 that may not reap it."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def run_command(command: list[str], environment: dict) -> int:
    """Runs the command to its end. Ctrl-C reaches it from the terminal (same process group) and we
    wait for it; SIGTERM and SIGHUP sent to us alone are passed on to it."""
    try:
        child = subprocess.Popen(command, env=environment)
    except OSError as error:
        print(f"postgres cluster: cannot run {command[0]}: {error}", file=sys.stderr)
        return 127

    def forward(number, frame):
        if child.poll() is None:
            child.send_signal(number)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, forward)
    status = child.wait()
    return 128 - status if status < 0 else status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
