"""`tousu token USERNAME --platform` issues a higher platform's token; others are not one."""

from __future__ import annotations

from typing import Any

import pytest

from tousu.api.models import ApiToken, hash_token
from tousu.cli import main


def test_tousu_token_with_platform_issues_a_platform_token(
    org: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    main(["token", "intake_only", "--platform"])

    printed = capsys.readouterr().out.strip()
    row = ApiToken.objects.get()
    assert (row.key_hash, row.user, row.platform) == (hash_token(printed), org["intake_only"], True)


def test_tousu_token_without_it_is_no_platform_token(
    org: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    main(["token", "clerk"])

    assert ApiToken.objects.get().platform is False
