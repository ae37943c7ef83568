"""Getting into the staff workbench and out again: the login page (Chinese unless asked for
English), logging in through its form, the lockout after repeated failures (django-axes, per
account and address), logging out by POST, changing one's password, and switching the language.

Every browser here checks CSRF tokens as a real one would and comes from a fixed address, the way
axes counts failures."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

if TYPE_CHECKING:  # what django.test.Client answers
    from django.test.client import _MonkeyPatchedWSGIResponse as Response
else:
    from django.http import HttpResponse as Response

OFFICE = "10.20.30.40"
ELSEWHERE = "10.20.30.99"
PASSWORD = "Elevator-Repair-2026"
NEW_PASSWORD = "Hotline-Spring-2026"

LOGIN = "/login/"
HOME = "/"


# --- a browser and what it sees -----------------------------------------------------------------


def browser(address: str = OFFICE, language: str | None = None) -> Client:
    """A browser at `address` that needs a CSRF token for every POST, as a real one does."""
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=address)
    if language is not None:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def with_password(user: Any, password: str = PASSWORD) -> Any:
    user.set_password(password)
    user.save()
    return user


def csrf_token(html: str, form_action: str) -> str:
    """The CSRF token inside the form posting to `form_action`."""
    form = re.search(rf'<form[^>]*action="{re.escape(form_action)}"[^>]*>(.*?)</form>', html, re.S)
    assert form is not None, f"no form posting to {form_action}"
    token = re.search(r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">', form[1])
    assert token is not None, f"no CSRF token in the form posting to {form_action}"
    return token[1]


def log_in(client: Client, username: str, password: str, next_url: str = "") -> Response:
    """Open the login page and submit its form, as a person would."""
    page = client.get(LOGIN + (f"?next={next_url}" if next_url else ""))
    assert page.status_code == 200
    return client.post(
        LOGIN,
        {
            "csrfmiddlewaretoken": csrf_token(page.content.decode(), LOGIN),
            "next": next_url,
            "username": username,
            "password": password,
        },
    )


def clerk_logged_in(org: dict[str, Any], language: str | None = None) -> tuple[Client, Any]:
    """The clerk, with a real password, logged in through the form."""
    clerk = with_password(org["clerk"])
    client = browser(language=language)
    log_in(client, "clerk", PASSWORD)
    return client, clerk


def logged_in_as(client: Client) -> str | None:
    """The primary key of whoever the session belongs to, or None for nobody."""
    user_id = client.session.get("_auth_user_id")
    return None if user_id is None else str(user_id)


def html_lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)">', html)
    assert match is not None, "no <html lang>"
    return match[1]


class _Fields(HTMLParser):
    """Each <label for>'s text and each <input>'s attributes, by id."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: dict[str, str] = {}
        self.inputs: dict[str, dict[str, str | None]] = {}
        self._label_for: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "label":
            self._label_for = attributes.get("for")
            if self._label_for is not None:
                self.labels[self._label_for] = ""
        elif tag == "input" and attributes.get("id"):
            self.inputs[str(attributes["id"])] = attributes

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_for = None

    def handle_data(self, data: str) -> None:
        if self._label_for is not None:
            self.labels[self._label_for] += data.strip()


def fields(html: str) -> _Fields:
    parser = _Fields()
    parser.feed(html)
    parser.close()
    return parser


# --- the login page -----------------------------------------------------------------------------


def test_the_login_page_speaks_chinese_to_a_browser_that_asks_for_nothing(db: Any) -> None:
    response = browser().get(LOGIN)

    assert response.status_code == 200
    html = response.content.decode()
    assert html_lang(html) == "zh-hans"
    assert "<title>登录 · Tousu 投诉</title>" in html
    assert "<h1>登录 Tousu 投诉</h1>" in html
    form = fields(html)
    assert form.labels["id_username"] == "用户名"
    assert form.labels["id_password"] == "密码"
    assert '<button type="submit" class="primary">登录</button>' in html


def test_the_login_page_speaks_english_to_a_browser_with_the_english_cookie(db: Any) -> None:
    response = browser(language="en").get(LOGIN)

    assert response.status_code == 200
    html = response.content.decode()
    assert html_lang(html) == "en"
    assert "<title>Log in · Tousu</title>" in html
    assert "<h1>Log in to Tousu</h1>" in html
    form = fields(html)
    assert form.labels["id_username"] == "User name"
    assert form.labels["id_password"] == "Password"
    assert "用户名" not in html


def test_the_login_form_carries_a_csrf_token_and_a_labelled_field_for_name_and_password(
    db: Any,
) -> None:
    html = browser().get(LOGIN).content.decode()

    assert csrf_token(html, LOGIN) != ""
    form = fields(html)
    assert set(form.labels) >= {"id_username", "id_password"}
    username = form.inputs["id_username"]
    assert (username["type"], username["name"], username["autocomplete"]) == (
        "text",
        "username",
        "username",
    )
    assert "required" in username
    password = form.inputs["id_password"]
    assert (password["type"], password["name"], password["autocomplete"]) == (
        "password",
        "password",
        "current-password",
    )
    assert "required" in password


def test_a_login_post_without_the_csrf_token_is_refused(org: dict[str, Any]) -> None:
    with_password(org["clerk"])
    client = browser()

    response = client.post(LOGIN, {"username": "clerk", "password": PASSWORD})

    assert response.status_code == 403
    assert logged_in_as(client) is None


# --- logging in ---------------------------------------------------------------------------------


def test_someone_not_logged_in_is_sent_from_the_workbench_to_the_login_page(db: Any) -> None:
    response = browser().get(HOME)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('workbench:login')}?next={HOME}"


def test_the_right_password_through_the_form_opens_the_workbench(org: dict[str, Any]) -> None:
    clerk = with_password(org["clerk"])
    client = browser()

    response = log_in(client, "clerk", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:home") == HOME
    assert logged_in_as(client) == str(clerk.pk)
    assert client.get(HOME).status_code == 200


def test_after_logging_in_the_clerk_lands_on_the_page_they_first_asked_for(
    org: dict[str, Any],
) -> None:
    with_password(org["clerk"])
    client = browser()
    asked_for = reverse("workbench:intake")
    sent_to_login = client.get(asked_for)
    assert sent_to_login["Location"] == f"{LOGIN}?next={asked_for}"

    page = client.get(sent_to_login["Location"]).content.decode()
    assert f'<input type="hidden" name="next" value="{asked_for}">' in page
    response = log_in(client, "clerk", PASSWORD, next_url=asked_for)

    assert response.status_code == 302
    assert response["Location"] == asked_for


def test_a_login_page_asked_to_send_the_user_off_site_sends_them_home_instead(
    org: dict[str, Any],
) -> None:
    with_password(org["clerk"])
    client = browser()

    response = log_in(client, "clerk", PASSWORD, next_url="https://evil.example/")

    assert response.status_code == 302
    assert response["Location"] == HOME


def test_someone_already_logged_in_who_opens_the_login_page_is_sent_home(
    org: dict[str, Any],
) -> None:
    client, _clerk = clerk_logged_in(org)

    response = client.get(LOGIN)

    assert response.status_code == 302
    assert response["Location"] == HOME


def test_a_wrong_password_shows_the_form_again_with_an_error_and_logs_nobody_in(
    org: dict[str, Any],
) -> None:
    with_password(org["clerk"])
    client = browser()

    response = log_in(client, "clerk", "not-the-password")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="error" role="alert">用户名或密码不正确,请重试。</p>' in html
    assert fields(html).inputs["id_username"]["value"] == "clerk"  # kept for the next try
    assert fields(html).inputs["id_password"].get("value") is None  # the password is not
    assert logged_in_as(client) is None
    assert client.get(HOME)["Location"] == f"{LOGIN}?next={HOME}"


def test_an_unknown_user_name_gets_the_same_answer_as_a_wrong_password(db: Any) -> None:
    client = browser(language="en")

    response = log_in(client, "no-such-person", PASSWORD)

    assert response.status_code == 200
    assert (
        '<p class="error" role="alert">'
        "Your user name and password did not match. Please try again.</p>"
    ) in response.content.decode()
    assert logged_in_as(client) is None


# --- the lockout --------------------------------------------------------------------------------


def lock_out(client: Client, username: str, limit: int) -> Response:
    """Fail `limit` times; the answers before the last are the form again."""
    for _ in range(limit - 1):
        assert log_in(client, username, "wrong").status_code == 200
    return log_in(client, username, "wrong")


def test_failing_as_often_as_the_limit_locks_the_account_even_against_the_right_password(
    org: dict[str, Any], settings: Any
) -> None:
    with_password(org["clerk"])
    client = browser()

    last_failure = lock_out(client, "clerk", settings.AXES_FAILURE_LIMIT)
    locked = log_in(client, "clerk", PASSWORD)

    assert last_failure.status_code == 429
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "<title>账号已锁定 · Tousu 投诉</title>" in html
    assert "<h1>登录失败次数过多</h1>" in html
    assert "该账号已被锁定 15 分钟" in html  # AXES_COOLOFF_TIME: a quarter of an hour
    assert logged_in_as(client) is None
    assert "_auth_user_id" not in client.session
    assert client.get(HOME)["Location"] == f"{LOGIN}?next={HOME}"


def test_the_locked_page_tells_how_long_the_lock_lasts_as_configured(
    org: dict[str, Any], settings: Any
) -> None:
    settings.AXES_COOLOFF_TIME = 1.5  # hours
    with_password(org["clerk"])

    locked = lock_out(browser(language="en"), "clerk", settings.AXES_FAILURE_LIMIT)

    assert locked.status_code == 429
    assert "This account is locked for 90 minutes after repeated failed logins." in (
        locked.content.decode()
    )


def test_one_failure_fewer_than_the_limit_still_lets_the_right_password_in(
    org: dict[str, Any], settings: Any
) -> None:
    clerk = with_password(org["clerk"])
    client = browser()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "clerk", "wrong")

    response = log_in(client, "clerk", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == HOME
    assert logged_in_as(client) == str(clerk.pk)


def test_the_lock_holds_that_account_at_that_address_only(
    org: dict[str, Any], settings: Any
) -> None:
    clerk = with_password(org["clerk"])
    dispatcher = with_password(org["dispatcher"])
    lock_out(browser(OFFICE), "clerk", settings.AXES_FAILURE_LIMIT)

    colleague_at_the_office = browser(OFFICE)
    clerk_elsewhere = browser(ELSEWHERE)

    assert log_in(colleague_at_the_office, "dispatcher", PASSWORD).status_code == 302
    assert logged_in_as(colleague_at_the_office) == str(dispatcher.pk)
    assert log_in(clerk_elsewhere, "clerk", PASSWORD).status_code == 302
    assert logged_in_as(clerk_elsewhere) == str(clerk.pk)
    assert log_in(browser(OFFICE), "clerk", PASSWORD).status_code == 429


# --- logging out --------------------------------------------------------------------------------


def test_logging_out_takes_a_post_not_a_link(org: dict[str, Any]) -> None:
    client, clerk = clerk_logged_in(org)

    response = client.get(reverse("workbench:logout"))

    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    assert logged_in_as(client) == str(clerk.pk)


def test_the_log_out_button_ends_the_session_and_shows_the_login_page(
    org: dict[str, Any],
) -> None:
    client, _clerk = clerk_logged_in(org)
    home = client.get(HOME).content.decode()
    logout = reverse("workbench:logout")

    response = client.post(logout, {"csrfmiddlewaretoken": csrf_token(home, logout)})

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert logged_in_as(client) is None
    assert client.get(HOME)["Location"] == f"{LOGIN}?next={HOME}"


# --- changing the password ----------------------------------------------------------------------


def change_password(client: Client, old: str, new: str) -> Response:
    url = reverse("workbench:password_change")
    page = client.get(url)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    return client.post(
        url,
        {
            "csrfmiddlewaretoken": token[1],
            "old_password": old,
            "new_password1": new,
            "new_password2": new,
        },
    )


def test_someone_not_logged_in_cannot_open_the_password_page(db: Any) -> None:
    url = reverse("workbench:password_change")

    response = browser().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={url}"


def test_the_password_page_asks_for_the_old_password_and_the_new_one_twice(
    org: dict[str, Any],
) -> None:
    client, _clerk = clerk_logged_in(org)

    html = client.get(reverse("workbench:password_change")).content.decode()

    form = fields(html)
    labelled_passwords = [
        form.inputs[i]["name"]
        for i in form.labels
        if i in form.inputs and form.inputs[i]["type"] == "password"
    ]
    assert labelled_passwords == ["old_password", "new_password1", "new_password2"]
    assert form.labels["id_old_password"] == "旧密码"


def test_changing_the_password_keeps_the_user_in_and_only_the_new_password_opens_the_door(
    org: dict[str, Any],
) -> None:
    client, clerk = clerk_logged_in(org)

    response = change_password(client, PASSWORD, NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:password_changed")
    done = client.get(response["Location"])
    assert done.status_code == 200
    assert "<h1>密码已修改</h1>" in done.content.decode()
    assert logged_in_as(client) == str(clerk.pk)  # the session survives the change
    stored = get_user_model().objects.get(pk=clerk.pk)
    assert stored.check_password(NEW_PASSWORD)
    assert not stored.check_password(PASSWORD)
    with_old = browser()
    assert log_in(with_old, "clerk", PASSWORD).status_code == 200
    assert logged_in_as(with_old) is None
    with_new = browser()
    assert log_in(with_new, "clerk", NEW_PASSWORD).status_code == 302
    assert logged_in_as(with_new) == str(clerk.pk)


def test_a_wrong_old_password_shows_the_form_again_and_changes_nothing(
    org: dict[str, Any],
) -> None:
    client, clerk = clerk_logged_in(org, language="en")

    response = change_password(client, "not-the-password", NEW_PASSWORD)

    assert response.status_code == 200
    assert (
        '<span class="error">Your old password was entered incorrectly. Please enter it again.'
        "</span>"
    ) in response.content.decode()
    stored = get_user_model().objects.get(pk=clerk.pk)
    assert stored.check_password(PASSWORD)
    assert not stored.check_password(NEW_PASSWORD)
    assert logged_in_as(client) == str(clerk.pk)


# --- switching the language ---------------------------------------------------------------------


def test_switching_to_english_sets_the_cookie_and_the_next_page_is_english(
    org: dict[str, Any],
) -> None:
    client, _clerk = clerk_logged_in(org)
    home = client.get(HOME).content.decode()
    assert html_lang(home) == "zh-hans"
    assert '<option value="zh-hans" selected>简体中文</option>' in home
    assert 'aria-current="page">工作台</a>' in home
    set_language = reverse("set_language")

    response = client.post(
        set_language,
        {
            "csrfmiddlewaretoken": csrf_token(home, set_language),
            "language": "en",
            "next": HOME,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == HOME
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    english = client.get(response["Location"])
    assert english.status_code == 200
    html = english.content.decode()
    assert html_lang(html) == "en"
    assert '<a href="/" accesskey="w" data-shortcut="g w" aria-current="page">Workbench</a>' in html
    assert '<option value="en" selected>English</option>' in html
    assert ">Log out</button>" in html
    assert "退出登录" not in html


def test_the_login_page_itself_can_be_switched_to_english_before_logging_in(db: Any) -> None:
    client = browser()
    login = client.get(LOGIN).content.decode()
    set_language = reverse("set_language")

    response = client.post(
        set_language,
        {
            "csrfmiddlewaretoken": csrf_token(login, set_language),
            "language": "en",
            "next": LOGIN,
        },
    )

    assert response["Location"] == LOGIN
    assert "<h1>Log in to Tousu</h1>" in client.get(LOGIN).content.decode()
