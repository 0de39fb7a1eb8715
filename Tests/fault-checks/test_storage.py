"""Storage that fails under a running server: locked by another process, full, read-only. Each is
answered 503 in the API's JSON shape with Retry-After, logged once, counted, reported by /readyz,
and recovered from without a restart."""

from __future__ import annotations

import os
import resource
import sqlite3

from consent_server import ConsentServer, wait_until


def assert_unavailable(answer, reason_words: str, retry_after: str):
    status, headers, body = answer
    assert status == 503, answer
    assert body["error"] == "storage_unavailable" and reason_words in body["detail"], body
    assert headers.get("Retry-After") == retry_after, headers
    assert headers.get("Content-Type", "").startswith("application/json")


def test_a_locked_log_is_answered_503_and_recovers(workdir):
    database = workdir / "consents.sqlite"
    with ConsentServer(database) as server:
        assert server.post_choice()[0] == 201
        holder = sqlite3.connect(database, isolation_level=None, timeout=1)
        holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            assert_unavailable(server.post_choice(timeout=30), "locked", "5")
            assert_unavailable(server.post_choice(timeout=30), "locked", "5")
            status, _, ready = server.request("GET", "/readyz", timeout=30)
            assert status == 503 and ready["kind"] == "locked", ready
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert server.post_choice()[0] == 201
        assert server.request("GET", "/readyz")[0] == 200
        assert server.request("GET", "/healthz")[0] == 200
        assert 'pigment_consent_storage_failures_total{kind="locked"} 3' in server.text("/metrics")
        assert server.output().count("storage: the consent log is locked") == 1, "logged once, not per request"
        assert "storage: writes work again (was: locked)" in server.output()


def test_a_full_log_is_answered_503_and_recovers(workdir):
    database = workdir / "consents.sqlite"
    with ConsentServer(database) as server:
        assert server.post_choice()[0] == 201
        pid = server.process.pid
        # Files may not grow past 4 KB: every commit needs more (RLIMIT_FSIZE, as a quota would).
        resource.prlimit(pid, resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))
        try:
            answer = server.post_choice()
            assert answer[0] == 503 and answer[2]["error"] == "storage_unavailable", answer
            assert answer[1].get("Retry-After") == "30"
            status, _, ready = server.request("GET", "/readyz")
            assert status == 503 and ready["kind"] in ("disk_full", "io_error"), ready
            assert server.request("GET", "/healthz")[0] == 200, "liveness is not readiness"
        finally:
            resource.prlimit(pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        assert server.post_choice()[0] == 201
        assert wait_until(lambda: server.request("GET", "/readyz")[0] == 200, timeout=15)
        assert 'pigment_consent_storage_failures_total{kind="' in server.text("/metrics")


def test_a_read_only_log_is_answered_503_until_it_is_writable(workdir):
    database = workdir / "consents.sqlite"
    # Root writes whatever the mode says: the server runs as nobody, as a service user would.
    user = "65534" if os.geteuid() == 0 else None
    with ConsentServer(database, as_user=user) as server:
        assert server.post_choice()[0] == 201
    for path in workdir.glob("consents.sqlite*"):
        path.chmod(0o400)
    with ConsentServer(database, as_user=user) as server:
        assert_unavailable(server.post_choice(), "read-only", "30")
        status, _, ready = server.request("GET", "/readyz")
        assert status == 503 and ready["kind"] == "read_only", ready
        for path in workdir.glob("consents.sqlite*"):
            path.chmod(0o600)
        assert wait_until(lambda: server.post_choice()[0] == 201, timeout=15), server.output()
        assert server.request("GET", "/readyz")[0] == 200
        assert "storage: writes work again (was: read_only)" in server.output()
