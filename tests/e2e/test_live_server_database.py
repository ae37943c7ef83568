"""The browser tests' live server answers from its own threads: on SQLite they must share a
database file, never Django's in-memory database, whose single shared connection made a test fail
now and then with `InterfaceError: bad parameter or other API misuse`."""

from __future__ import annotations

from typing import Any

from django.db import connection


def test_the_live_server_reads_a_database_file_not_shared_memory(live_server: Any) -> None:
    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"
        return
    name = str(connection.settings_dict["NAME"])
    assert name.endswith("tousu-test.sqlite3")
    assert "mode=memory" not in name and ":memory:" not in name
