"""Two consent servers on one PostgreSQL database, one of them (over TLS) killed with SIGKILL under
load and started again: every choice answered 201 is in the log exactly once, readable from both instances,
and the hash chain verifies. And /readyz follows the database: 503 while PostgreSQL is down (a
cluster of the test's own, stopped), 200 again once it is back, without a restart; /healthz stays 200.

Environment:
  PIGMENT_TEST_POSTGRES_URL  a superuser URL of a throwaway cluster (Tests/postgres/cluster.py sets it;
                             `make test` and `make fault-checks` run it): each check makes its own database
  CI                         when true, a missing URL or a cluster that cannot start fails these checks;
                             elsewhere they skip, saying why
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
import time
import uuid

import pytest

from consent_server import REPOSITORY, ConsentServer, verify, wait_until

sys.path.insert(0, str(REPOSITORY / "Tests" / "postgres"))
import cluster as postgres  # noqa: E402  (Tests/postgres/cluster.py)

CLIENTS = 16
CHOICES_PER_CLIENT = 50
BODY = json.dumps({"choices": {"analytics": True}})


def unavailable(reason: str):
    """A part that cannot start: a failure under CI=true, a skip elsewhere (as the site checks do)."""
    if postgres.in_ci():
        pytest.fail(f"cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def postgres_url():
    url = os.environ.get(postgres.URL_VARIABLE)
    if not url:
        unavailable(f"{postgres.URL_VARIABLE} is not set: run through Tests/postgres/cluster.py "
                    f"(`make fault-checks` does)")
    try:
        postgres.psql(url, "SELECT 1", timeout=30)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        detail = getattr(error, "stderr", "") or error
        unavailable(f"the cluster at {postgres.URL_VARIABLE} does not answer: {detail}")
    return url


def database_url(server_url: str, name: str) -> str:
    base, _, query = server_url.partition("?")
    return base.rsplit("/", 1)[0] + f"/{name}" + (f"?{query}" if query else "")


@pytest.fixture
def fresh_database(postgres_url):
    """A new database in the cluster, its URL; dropped afterwards."""
    name = f"pigment_faults_{uuid.uuid4().hex[:12]}"
    postgres.psql(postgres_url, f'CREATE DATABASE "{name}"')
    yield database_url(postgres_url, name)
    try:
        postgres.psql(postgres_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except subprocess.CalledProcessError as error:
        print(f"note: could not drop {name}: {error.stderr}")


class Load:
    """16 clients posting 50 choices each, alternating between the two instances; a request that
    meets a dead instance is sent to the other one."""

    def __init__(self, servers: list[ConsentServer]):
        self.servers = servers  # replaced in place when an instance is restarted
        self.lock = threading.Lock()
        self.acknowledged: list[str] = []  # consent ids answered 201
        self.unanswered = 0  # sent, then the connection died before an answer: may have been stored
        self.refused = 0  # connection refused: never sent
        self.refusals: list = []  # answers other than 201
        self.failures: list[str] = []
        self.deadline = time.monotonic() + 150  # every client stops by then, whatever the servers do

    def client(self, index: int) -> None:
        for number in range(CHOICES_PER_CLIENT):
            if time.monotonic() > self.deadline:
                with self.lock:
                    self.failures.append(f"client {index}: out of time after {number} choices")
                return
            target = (index + number) % 2
            for _ in range(50):
                port = self.servers[target].port
                try:
                    status, body = post(port)
                except ConnectionRefusedError:
                    with self.lock:
                        self.refused += 1
                    target = 1 - target
                    time.sleep(0.01)
                    continue
                except (OSError, http.client.HTTPException):
                    with self.lock:
                        self.unanswered += 1
                    target = 1 - target
                    continue
                with self.lock:
                    if status == 201:
                        self.acknowledged.append(body["consentId"])
                    else:
                        self.refusals.append((status, body))
                break
            else:
                with self.lock:
                    self.failures.append(f"client {index}, choice {number}: no instance answered in 50 tries")


def post(port: int) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", "/api/consent", BODY, {"Content-Type": "application/json"})
        response = connection.getresponse()
        data = response.read()
        return response.status, json.loads(data) if data else {}
    finally:
        connection.close()


class Reader:
    """GETs on one kept-alive connection to an instance."""

    def __init__(self, server: ConsentServer):
        self.connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)

    def get(self, path: str) -> tuple[int, dict]:
        self.connection.request("GET", path)
        response = self.connection.getresponse()
        data = response.read()
        return response.status, json.loads(data) if data else {}

    def close(self):
        self.connection.close()


def logged_ids(url: str) -> dict[str, int]:
    """consent id -> how many records the log holds under it, read with psql."""
    output = postgres.psql(url, "SELECT consent_id, count(*) FROM consent_record GROUP BY consent_id", timeout=120)
    return {line.split("|")[0]: int(line.split("|")[1]) for line in output.splitlines() if line}


def test_two_instances_on_one_database_lose_nothing_to_kill_9(fresh_database, workdir):
    url = fresh_database
    # The second instance (and its replacement) over TLS: the cluster's self-signed certificate, sslmode=require.
    tls_url = url + "?sslmode=require"
    first = ConsentServer(url, log_folder=workdir).start()
    second = ConsentServer(tls_url, log_folder=workdir).start()
    started = [first, second]
    try:
        for server in (first, second):
            status, _, ready = server.request("GET", "/readyz")
            assert status == 200, f"/readyz on port {server.port}: {status} {ready}\n{server.output()}"

        load = Load([first, second])
        clients = [threading.Thread(target=load.client, args=(index,), daemon=True) for index in range(CLIENTS)]
        for client in clients:
            client.start()
        total = CLIENTS * CHOICES_PER_CLIENT
        # Midway, while every client is still posting, the second instance dies as the OOM killer ends it.
        assert wait_until(lambda: len(load.acknowledged) >= total // 2, timeout=120), \
            f"only {len(load.acknowledged)} of {total} answered in 120 s\n{first.output()[-2000:]}"
        second.kill()
        killed_at = len(load.acknowledged)
        replacement = ConsentServer(tls_url, log_folder=workdir).start()  # same database, a new port
        started.append(replacement)
        load.servers[1] = replacement
        for client in clients:
            client.join(timeout=max(1.0, load.deadline + 35 - time.monotonic()))
        assert not [client for client in clients if client.is_alive()], "clients still posting past their deadline"
        print(f"{len(load.acknowledged)} answered 201 ({killed_at} before the kill), {load.unanswered} cut off "
              f"in flight, {load.refused} refused connections retried")

        assert not load.failures, load.failures[:5]
        assert not load.refusals, f"answers other than 201: {load.refusals[:5]}"
        acknowledged = load.acknowledged
        assert len(acknowledged) == total, f"{len(acknowledged)} of {total} choices answered 201"
        assert len(set(acknowledged)) == total, "two 201s named the same consent id"
        assert killed_at < total, "the instance was killed after the load had ended"

        # Every 201 is in the log exactly once (psql, the database's own view) ...
        logged = logged_ids(url)
        missing = [consent_id for consent_id in acknowledged if consent_id not in logged]
        assert not missing, f"{len(missing)} choices answered 201 are not in the log, e.g. {missing[:3]}"
        twice = {consent_id: n for consent_id, n in logged.items() if n != 1}
        assert not twice, f"consent ids with more than one record: {list(twice.items())[:5]}"
        # ... and beyond them only requests cut off in flight (each made a new id when sent again).
        assert total <= len(logged) <= total + load.unanswered, \
            f"{len(logged)} records for {total} 201s and {load.unanswered} requests cut off in flight"

        # The log head is the same from both instances, and counts the same entries.
        readers = [Reader(first), Reader(replacement)]
        try:
            heads = [reader.get("/api/consent/log-head") for reader in readers]
            assert heads[0] == heads[1], f"the instances disagree on the log head: {heads}"
            status, head = heads[0]
            assert status == 200, head
            assert total <= head["entries"] <= total + load.unanswered, \
                f"log-head says {head['entries']} entries for {total} 201s and {load.unanswered} cut off in flight"
            assert head["entries"] == sum(logged.values()), \
                f"log-head {head['entries']} entries, psql {sum(logged.values())} records"

            # Every receipt, from either instance: exactly its one record.
            for consent_id in acknowledged:
                for reader in readers:
                    status, receipt = reader.get(f"/api/consent/{consent_id}")
                    assert status == 200, f"{consent_id}: {status} {receipt}"
                    assert receipt["consentId"] == consent_id, receipt
                    assert [record["consentId"] for record in receipt["history"]] == [consent_id], receipt
        finally:
            for reader in readers:
                reader.close()

        for server in (first, replacement):
            assert server.request("GET", "/readyz")[0] == 200, f"/readyz on port {server.port} after the load"
        check = verify(url)
        assert check.returncode == 0, check.stderr
        assert "The consent log verifies" in check.stdout, check.stdout
        assert f"Head: position {head['position']}, hash {head['hash']}" in check.stdout, check.stdout
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def own_cluster(postgres_url):
    """A second small cluster, this test's alone: it is stopped and started again under a running server."""
    try:
        with postgres.Cluster(fast=True) as cluster:
            yield cluster
    except postgres.ClusterUnavailable as error:
        unavailable(f"a second cluster could not start: {error}")


def test_readyz_follows_the_database_down_and_up_again(own_cluster, workdir):
    cluster = own_cluster
    url = cluster.create_database("consents")
    with ConsentServer(url, log_folder=workdir) as server:
        assert server.post_choice()[0] == 201
        status, _, ready = server.request("GET", "/readyz")
        assert status == 200, ready

        cluster.stop_server()  # a real outage: PostgreSQL is down, its port closed
        try:
            down = wait_until(lambda: server.request("GET", "/readyz", timeout=30)[0] == 503, timeout=40, interval=0.5)
            status, headers, ready = server.request("GET", "/readyz", timeout=30)
            assert down and status == 503, f"/readyz still {status} {ready} with the database down\n{server.output()[-2000:]}"
            assert headers.get("Content-Type", "").startswith("application/json"), headers
            assert ready.get("error") == "storage_unavailable" and ready.get("status") == "unavailable", ready
            assert server.request("GET", "/healthz")[0] == 200, "liveness is not readiness"
            answer = server.post_choice(timeout=60)
            assert answer[0] == 503 and answer[2].get("error") == "storage_unavailable", answer
        finally:
            cluster.start_server()  # the same port, the same data

        assert wait_until(lambda: server.request("GET", "/readyz", timeout=30)[0] == 200, timeout=60, interval=0.5), \
            f"/readyz did not recover after the database came back\n{server.output()[-2000:]}"
        assert server.post_choice()[0] == 201, "choices are taken again without a restart"
        assert server.request("GET", "/healthz")[0] == 200
    check = verify(url)
    assert check.returncode == 0, check.stderr
    assert "2 entries" in check.stdout, check.stdout


def exchange(server: ConsentServer, method: str, path: str, body: str | None = None,
             cookies: dict | None = None) -> tuple[int, dict, list[str]]:
    """(status, JSON body, every Set-Cookie) of one request carrying `cookies`."""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        set_cookies = [value for name, value in response.getheaders() if name.lower() == "set-cookie"]
        return response.status, (json.loads(data) if data else {}), set_cookies
    finally:
        connection.close()


def test_two_instances_share_analytics_events_and_their_erasure(fresh_database, workdir):
    """An opt-in made on one instance lets the other count the visitor (it follows the shared log);
    events from both land in the one database; "Delete my analytics data" on either deletes all of
    them; a withdrawal on one stops the other counting."""
    url = fresh_database
    with ConsentServer(url, log_folder=workdir) as first, ConsentServer(url, log_folder=workdir) as second:
        status, _, set_cookies = exchange(first, "POST", "/api/consent", BODY)
        assert status == 201
        choice = next(value for value in set_cookies if value.startswith("pigment_consent="))
        cookies = {"pigment_consent": choice.split(";", 1)[0].split("=", 1)[1], "ps_analytics_id": uuid.uuid4().hex}
        pageview = json.dumps({"type": "pageview", "path": "/pricing/"})
        # The second instance learns of the opt-in within its one-second follow.
        assert wait_until(lambda: exchange(second, "POST", "/api/events", pageview, cookies)[0] == 204, timeout=10)
        assert exchange(first, "POST", "/api/events", pageview, cookies)[0] == 204
        assert wait_until(lambda: exchange(first, "GET", "/api/events/mine", cookies=cookies)[1].get("events") == 2, timeout=10), \
            exchange(first, "GET", "/api/events/mine", cookies=cookies)
        assert postgres.psql(url, "SELECT count(*) FROM page_event").strip() == "2"

        status, answer, _ = exchange(second, "DELETE", "/api/events/mine", cookies=cookies)
        assert (status, answer) == (200, {"deleted": 2})
        assert postgres.psql(url, "SELECT count(*) FROM page_event").strip() == "0"
        assert postgres.psql(url, "SELECT count(*) FROM consent_record WHERE event = 'erasure'").strip() == "1"

        withdrawal = json.dumps({"choices": {"analytics": False}})
        assert exchange(first, "POST", "/api/consent", withdrawal, cookies)[0] == 201
        assert wait_until(lambda: exchange(second, "POST", "/api/events", pageview, cookies)[0] == 403, timeout=10)
        time.sleep(0.5)  # past a batch: nothing was queued either
        assert postgres.psql(url, "SELECT count(*) FROM page_event").strip() == "0"
