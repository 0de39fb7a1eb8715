"""`pigment consent verify` against what someone with the file does with the sqlite3 shell: drop the
database's guards, then edit, delete, insert or reorder entries. Each is named, exit status 1; an
untouched log passes with its count and head hash, exit status 0."""

from __future__ import annotations

import re
import sqlite3
import subprocess

import pytest

from consent_server import PIGMENT_BIN, ConsentServer, verify

DROP_GUARDS = "DROP TRIGGER consent_record_no_update; DROP TRIGGER consent_record_no_delete; DROP TRIGGER consent_record_chained;"
COLUMNS = "consent_id, recorded_at, event, choices, registry_version, policy_version, method, source, gpc, page_path, prev_hash, hash"


@pytest.fixture(scope="module")
def recorded_log(tmp_path_factory):
    """A log of six choices made through the API, and the head the API reported."""
    folder = tmp_path_factory.mktemp("log")
    database = folder / "consents.sqlite"
    with ConsentServer(database) as server:
        for index in range(6):
            assert server.post_choice(analytics=index % 2 == 0)[0] == 201
        status, _, head = server.request("GET", "/api/consent/log-head")
        assert status == 200
    return database, head


def copy_of(database, tmp_path):
    """A consistent copy, the write-ahead log's pages included (SQLite's backup, as `.backup` does)."""
    copy = tmp_path / "copy.sqlite"
    source, target = sqlite3.connect(database), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    return copy


def tampered(recorded_log, tmp_path, sql: str):
    database, _ = recorded_log
    copy = copy_of(database, tmp_path)
    subprocess.run(["sqlite3", str(copy), DROP_GUARDS + sql], check=True, capture_output=True, timeout=30)
    return verify(copy)


def test_an_untouched_log_verifies_with_the_head_the_api_gave(recorded_log):
    database, head = recorded_log
    result = verify(database)
    assert result.returncode == 0, result.stderr
    assert "6 entries (6 records, 0 purge checkpoints)" in result.stdout
    assert f"Head: position {head['position']}, hash {head['hash']}" in result.stdout
    assert head["entries"] == 6 and re.fullmatch(r"[0-9a-f]{64}", head["hash"])


@pytest.mark.parametrize("sql, named", [
    ("""UPDATE consent_record SET choices = '{"analytics":true,"essential":true}' WHERE id = 2;""", "entry 2 (number 2 of the log) was edited"),
    ("DELETE FROM consent_record WHERE id = 3;", "an entry before entry 4 (number 3 of the log) was removed"),
    ("DELETE FROM consent_record WHERE id = 1;", "entries were removed from the start of the log"),
    (f"UPDATE consent_record SET id = id + 100 WHERE id >= 4; INSERT INTO consent_record (id, {COLUMNS}) "
     f"SELECT 4, {COLUMNS.replace('prev_hash, hash', 'hash, hash')} FROM consent_record WHERE id = 3;",
     "entry 4 (number 4 of the log) was inserted"),
    (f"INSERT INTO consent_record (id, {COLUMNS}) SELECT 50, {COLUMNS} FROM consent_record WHERE id = 3;",
     "entry 50 (number 7 of the log) or entry 3 was inserted"),
    ("UPDATE consent_record SET id = 100 WHERE id = 2; UPDATE consent_record SET id = 2 WHERE id = 3; UPDATE consent_record SET id = 3 WHERE id = 100;",
     "entry 2 (number 2 of the log) is out of order"),
])
def test_a_change_made_with_the_sqlite3_shell_is_named(recorded_log, tmp_path, sql, named):
    result = tampered(recorded_log, tmp_path, sql)
    assert result.returncode == 1, result.stdout
    assert named in result.stderr, result.stderr
    assert "guards against edits are missing" in result.stderr


def test_removing_the_newest_entry_is_caught_by_a_snapshot_of_the_head(recorded_log, tmp_path):
    database, head = recorded_log
    result = tampered(recorded_log, tmp_path, f"DELETE FROM consent_record WHERE id = {head['position']};")
    assert result.returncode == 0, "the chain alone cannot see its newest entry go"
    copy = tmp_path / "copy.sqlite"
    with_snapshot = subprocess.run([str(PIGMENT_BIN), "consent", "verify", "--database", f"sqlite:{copy}",
                                    "--snapshot", f"{head['position']}:{head['hash']}"], capture_output=True, text=True, timeout=60)
    assert with_snapshot.returncode == 1
    assert f"the snapshot of entry {head['position']}" in with_snapshot.stderr


def test_the_database_itself_refuses_deletes_edits_and_unchained_rows(recorded_log, tmp_path):
    database, _ = recorded_log
    copy = copy_of(database, tmp_path)
    for sql in ["DELETE FROM consent_record WHERE id = 1;", "UPDATE consent_record SET gpc = 1;",
                "INSERT INTO consent_record (consent_id, recorded_at, event, choices, registry_version, method, source, gpc) "
                "VALUES ('a', 'b', 'first', '{}', 'v', 'custom', 'banner', 0);"]:
        refused = subprocess.run(["sqlite3", str(copy), sql], capture_output=True, text=True, timeout=30)
        assert refused.returncode != 0 and ("append-only" in refused.stderr or "hash chain" in refused.stderr), sql
    assert verify(copy).returncode == 0
