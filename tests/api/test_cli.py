"""The command line: `tousu token USERNAME`, and refusing to start production without a secret."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.api.helpers import API
from tousu.api.models import ApiToken, hash_token
from tousu.cli import main
from tousu.settings import DEMO_SECRET_KEY

SETUP = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'tousu.settings'; django.setup(); "
    "print('started')"
)


def test_tousu_token_prints_a_token_that_authenticates_as_that_user(
    org: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    main(["token", "clerk"])

    printed = capsys.readouterr().out.strip()
    assert printed.startswith("tsu_")
    assert "\n" not in printed
    row = ApiToken.objects.get()
    assert row.user == org["clerk"]
    assert row.key_hash == hash_token(printed)
    response = Client(headers={"Authorization": f"Bearer {printed}"}).get(f"{API}/me")
    assert response.status_code == 200
    assert response.json()["username"] == "clerk"


def test_each_call_prints_a_new_token(
    org: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    main(["token", "unit_a_handler"])
    main(["token", "unit_a_handler"])

    first, second = capsys.readouterr().out.split()
    assert first != second
    for token in (first, second):
        me = Client(headers={"Authorization": f"Bearer {token}"}).get(f"{API}/me").json()
        assert me["username"] == "unit_a_handler"


def test_tousu_token_for_an_unknown_user_exits_non_zero_naming_the_user(
    org: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["token", "no_such_user"])

    assert exit_info.value.code not in (0, None)
    assert "no_such_user" in str(exit_info.value.code)
    assert capsys.readouterr().out == ""
    assert ApiToken.objects.count() == 0


def test_tousu_token_for_a_deactivated_user_exits_non_zero(
    org: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    org["clerk"].is_active = False
    org["clerk"].save(update_fields=["is_active"])

    with pytest.raises(SystemExit) as exit_info:
        main(["token", "clerk"])

    assert exit_info.value.code not in (0, None)
    assert ApiToken.objects.count() == 0


def test_tousu_token_without_a_username_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["token"])

    assert exit_info.value.code == 2


# --- production settings ------------------------------------------------------------------------


def _start_django(tmp_path: Path, **env: str | None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TOUSU_")}
    environment["TOUSU_HOME"] = str(tmp_path)
    for key, value in env.items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return subprocess.run(
        [sys.executable, "-c", SETUP],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "secret",
    [None, "", DEMO_SECRET_KEY, "k" * 31],
    ids=["unset", "empty", "the-demo-key", "too-short"],
)
def test_production_refuses_to_start_without_a_real_secret_key(
    tmp_path: Path, secret: str | None
) -> None:
    result = _start_django(tmp_path, TOUSU_ENV="production", TOUSU_SECRET_KEY=secret)

    assert result.returncode != 0
    assert "TOUSU_SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr
    assert "started" not in result.stdout


def test_production_starts_with_a_forty_character_secret_key(tmp_path: Path) -> None:
    key = "0123456789abcdefghijABCDEFGHIJ!@#$%^&*()"
    assert len(key) == 40

    result = _start_django(
        tmp_path, TOUSU_ENV="production", TOUSU_SECRET_KEY=key, TOUSU_DATA_KEY="d" * 40
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


def test_development_starts_with_the_demo_key(tmp_path: Path) -> None:
    result = _start_django(tmp_path, TOUSU_ENV=None, TOUSU_SECRET_KEY=None)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


def test_an_unknown_environment_name_refuses_to_start(tmp_path: Path) -> None:
    result = _start_django(tmp_path, TOUSU_ENV="staging")

    assert result.returncode != 0
    assert "TOUSU_ENV" in result.stderr
