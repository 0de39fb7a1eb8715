"""kill -9 under concurrent load, three times on one log: every choice answered 201 is in the log
after each restart, and the hash chain still verifies."""

from __future__ import annotations

import http.client
import json
import sqlite3
import threading
import time

from consent_server import ConsentServer, verify, wait_until

CLIENTS = 16


def load(server: ConsentServer, acknowledged: set, lock: threading.Lock, stop: threading.Event, refusals: list):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    body = json.dumps({"choices": {"analytics": True}})
    while not stop.is_set():
        try:
            connection.request("POST", "/api/consent", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            return  # the server is gone
        if response.status == 201:
            with lock:
                acknowledged.add(json.loads(data)["consentId"])
        else:
            refusals.append(response.status)


def logged_ids(database) -> set:
    connection = sqlite3.connect(database)
    try:
        return {row[0] for row in connection.execute("SELECT consent_id FROM consent_record")}
    finally:
        connection.close()


def test_no_acknowledged_choice_is_lost_to_kill_9_under_load(workdir):
    database = workdir / "consents.sqlite"
    acknowledged: set = set()
    lock = threading.Lock()
    for round_number in range(1, 4):
        server = ConsentServer(database).start()
        before = len(acknowledged)
        stop, refusals = threading.Event(), []
        clients = [threading.Thread(target=load, args=(server, acknowledged, lock, stop, refusals)) for _ in range(CLIENTS)]
        for client in clients:
            client.start()
        # Killed while the clients are still posting: some requests are in flight, some commits half done.
        assert wait_until(lambda: len(acknowledged) >= before + 150, timeout=60), f"round {round_number}: too few answers"
        server.kill()
        stop.set()
        for client in clients:
            client.join(timeout=30)
        assert not refusals, f"round {round_number}: refused under load: {refusals[:5]}"

        with ConsentServer(database) as restarted:
            status, _, _ = restarted.post_choice()
            assert status == 201, "the server takes choices again after the crash"
        missing = acknowledged - logged_ids(database)
        assert not missing, f"round {round_number}: {len(missing)} choices answered 201 are not in the log"
        check = verify(database)
        assert check.returncode == 0, f"round {round_number}: {check.stderr}"
        assert "The consent log verifies" in check.stdout
    assert len(acknowledged) >= 450
