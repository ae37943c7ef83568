"""Passwords are hashed with Argon2 and repeated failed logins lock the account out."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings

ARGON2_FIRST = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@override_settings(PASSWORD_HASHERS=ARGON2_FIRST)
def test_passwords_are_stored_as_argon2_hashes(db: Any) -> None:
    assert make_password("Tousu2026!").startswith("argon2$argon2id$")


def _login(client: Client, password: str) -> Any:
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "director_li", "password": password},
        REMOTE_ADDR="10.1.2.3",
    )


def test_five_failed_logins_lock_the_account_even_against_the_right_password(
    db: Any, settings: Any
) -> None:
    get_user_model().objects.create_user(
        "director_li", password="right-password-2026", is_staff=True
    )
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "wrong").status_code == 200  # the form again, with an error
    assert _login(client, "wrong").status_code == 429  # the fifth failure locks

    locked = _login(client, "right-password-2026")

    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_login_before_the_limit_resets_the_count(db: Any, settings: Any) -> None:
    get_user_model().objects.create_user(
        "director_li", password="right-password-2026", is_staff=True
    )
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "wrong")

    response = _login(client, "right-password-2026")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
