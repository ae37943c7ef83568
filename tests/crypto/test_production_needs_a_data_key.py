"""Production does not fall back to the secret key for the data key: every command refuses to
start without TOUSU_DATA_KEY, and says so."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SECRET = "0123456789abcdefghijABCDEFGHIJ!@#$%^&*()"
DATA_KEY = "a-separate-data-key-" + "d" * 20
TOUSU = str(Path(sys.executable).parent / "tousu")


def tousu_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TOUSU_")}
    environment.pop("DATABASE_URL", None)
    environment.update(TOUSU_HOME=str(tmp_path), TOUSU_ENV="production", **env)
    return subprocess.run(
        [TOUSU, "manage", "check"],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_without_a_data_key_refuses_to_start_naming_the_variable(
    tmp_path: Path,
) -> None:
    result = tousu_check(tmp_path, TOUSU_SECRET_KEY=SECRET)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "TOUSU_DATA_KEY" in result.stderr
    assert "System check identified" not in result.stdout


@pytest.mark.parametrize(
    "data_key", ["", "k" * 31, SECRET], ids=["empty", "too-short", "the-secret-key"]
)
def test_production_refuses_a_data_key_that_is_no_real_key(tmp_path: Path, data_key: str) -> None:
    result = tousu_check(tmp_path, TOUSU_SECRET_KEY=SECRET, TOUSU_DATA_KEY=data_key)

    assert result.returncode != 0
    assert "TOUSU_DATA_KEY" in result.stderr


def test_production_starts_with_a_separate_data_key(tmp_path: Path) -> None:
    result = tousu_check(tmp_path, TOUSU_SECRET_KEY=SECRET, TOUSU_DATA_KEY=DATA_KEY)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
