"""Clients that hold connections without finishing a request are closed (header, body and idle
timeouts, by default nginx's 60 s, 60 s and 75 s; short here so the checks stop quickly), a 413
closes its connection, and a few hundred idle sockets cannot lock everyone else out."""

from __future__ import annotations

import socket
import subprocess
import time

from consent_server import PIGMENT_BIN, ConsentServer, wait_until

SHORT = ["--header-timeout", "1", "--body-timeout", "1", "--idle-timeout", "2"]


def connect(server: ConsentServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=5)


def seconds_until_closed(sock: socket.socket, limit: float = 10) -> float | None:
    """How long until the server closes the connection (reads up to then are discarded), or None."""
    start = time.monotonic()
    sock.settimeout(0.2)
    while time.monotonic() - start < limit:
        try:
            if sock.recv(65536) == b"":
                return time.monotonic() - start
        except socket.timeout:
            continue
        except ConnectionResetError:
            return time.monotonic() - start
    return None


def test_a_client_that_sends_nothing_is_closed(workdir):
    with ConsentServer(workdir / "c.sqlite", *SHORT) as server:
        waited = seconds_until_closed(connect(server))
        assert waited is not None and waited < 4, waited


def test_half_a_header_is_closed(workdir):
    with ConsentServer(workdir / "c.sqlite", *SHORT) as server:
        sock = connect(server)
        sock.sendall(b"POST /api/consent HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        waited = seconds_until_closed(sock)
        assert waited is not None and waited < 4, waited


def test_a_body_sent_at_a_trickle_is_closed(workdir):
    with ConsentServer(workdir / "c.sqlite", *SHORT) as server:
        sock = connect(server)
        sock.sendall(b"POST /api/consent HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{")
        start = time.monotonic()
        closed = None
        while time.monotonic() - start < 8 and closed is None:
            try:
                sock.sendall(b" ")  # a byte every half second: never idle, never done
            except (BrokenPipeError, ConnectionResetError):
                closed = time.monotonic() - start
                break
            closed = seconds_until_closed(sock, limit=0.5)
        assert closed is not None and closed < 5, closed
        assert server.request("GET", "/healthz")[0] == 200


def test_an_idle_keep_alive_connection_is_closed(workdir):
    with ConsentServer(workdir / "c.sqlite", *SHORT) as server:
        sock = connect(server)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert b"200 OK" in sock.recv(65536)
        waited = seconds_until_closed(sock)
        assert waited is not None and 1 < waited < 5, waited


def test_a_413_closes_its_connection_without_reading_the_rest(workdir):
    with ConsentServer(workdir / "c.sqlite") as server:  # default timeouts: the close is the 413's doing
        sock = connect(server)
        sock.sendall(b"POST /api/consent HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000000\r\n\r\n" + b"x" * 20000)
        answer = b""
        sock.settimeout(5)
        while b"\r\n\r\n" not in answer:
            answer += sock.recv(65536)
        assert answer.startswith(b"HTTP/1.1 413"), answer[:100]
        assert b"body_too_large" in answer or b"body_too_large" in sock.recv(65536)
        waited = seconds_until_closed(sock)
        assert waited is not None and waited < 3, waited


def test_hundreds_of_idle_sockets_do_not_lock_everyone_out(workdir):
    with ConsentServer(workdir / "c.sqlite", *SHORT, open_files_limit=256) as server:
        idle = []
        for _ in range(300):
            try:
                idle.append(socket.create_connection(("127.0.0.1", server.port), timeout=2))
            except OSError:
                break
        try:
            assert len(idle) >= 250, "the test could not open enough connections to fill the server's descriptors"
            ok = wait_until(lambda: _healthz(server), timeout=20, interval=0.5)
            assert ok, "/healthz did not answer while idle sockets were held"
            assert server.post_choice(timeout=10)[0] == 201
        finally:
            for sock in idle:
                sock.close()


def _healthz(server: ConsentServer) -> bool:
    try:
        return server.request("GET", "/healthz", timeout=2)[0] == 200
    except OSError:
        return False


def test_the_default_timeouts_are_nginxs():
    usage = subprocess.run([str(PIGMENT_BIN), "consent-server", "--help"], capture_output=True, text=True, timeout=30).stdout
    assert "--header-timeout <header-timeout>" in usage and "(default: 60.0)" in usage
    assert "--idle-timeout <idle-timeout>" in usage and "(default: 75.0)" in usage
