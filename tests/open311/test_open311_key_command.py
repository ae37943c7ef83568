"""`tousu open311-key NAME` prints a new Open311 API key; only its hash is kept, and it works."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tests.open311.conftest import post_request
from tousu import cli
from tousu.cases.models import Case
from tousu.intake.open311.models import ApiKey, Service, hash_key


def test_the_command_prints_a_key_that_is_stored_only_hashed_and_works(
    services: dict[str, Service],
) -> None:
    out = StringIO()

    call_command("open311_key", "城市随手拍", stdout=out)

    key = out.getvalue().strip()
    assert key.startswith("o311_")
    assert len(key) > 40
    row = ApiKey.objects.get()
    assert (row.name, row.key_hash, row.prefix) == ("城市随手拍", hash_key(key), key[:10])
    assert key not in str(ApiKey.objects.values().get())
    assert post_request(key).status_code == 200
    assert Case.objects.count() == 1
    assert ApiKey.objects.get().last_used_at is not None


def test_each_call_makes_another_key(db: Any) -> None:
    keys = set()
    for _ in range(2):
        out = StringIO()
        call_command("open311_key", "app", stdout=out)
        keys.add(out.getvalue().strip())

    assert len(keys) == 2
    assert ApiKey.objects.count() == 2


def test_a_name_is_required(db: Any) -> None:
    with pytest.raises(CommandError):
        call_command("open311_key", "  ")
    assert ApiKey.objects.count() == 0


def test_the_console_command_runs_the_management_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # In-process the management command would close the test's database connection at its end
    # (as Django's command runner does): what matters here is that `tousu` hands it the name.
    ran: list[tuple[str, ...]] = []
    monkeypatch.setattr(cli, "_setup", lambda: None)
    monkeypatch.setattr(cli, "_manage", lambda *args: ran.append(args))

    cli.main(["open311-key", "城市随手拍"])

    assert ran == [("open311_key", "城市随手拍")]
