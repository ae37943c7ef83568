"""When something goes wrong the staff see Tousu's own page, in their language, with a way back
to the workbench — never Django's yellow debug page, not in the demo either. The API keeps
answering in its JSON error format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import translation

from tousu.web.errors import server_error

if TYPE_CHECKING:  # what django.test.Client answers
    from django.test.client import _MonkeyPatchedWSGIResponse as Response
else:
    Response = HttpResponse

CHINESE: dict[str, Any] = {}
ENGLISH: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "en"}

# (heading, explanation) per page, in Chinese and in English.
PAGES = {
    "zh-hans": {
        400: ("请求无效", "无法处理该请求。请返回后重试。"),
        403: ("无权操作", "您无权执行此操作。"),
        "csrf": ("无权操作", "表单已过期或并非来自本站。请刷新页面后重试。"),
        404: ("页面未找到", "您要访问的页面不存在,或您无权查看。"),
        500: ("系统出错了", "发生了意外错误,已记录在案。请稍后重试。"),
    },
    "en": {
        400: ("Bad request", "The request could not be processed. Go back and try again."),
        403: ("Not allowed", "You may not do this."),
        "csrf": (
            "Not allowed",
            "The form has expired or did not come from this site. Reload the page and try again.",
        ),
        404: (
            "Page not found",
            "The page you asked for does not exist, or you may not see it.",
        ),
        500: (
            "Something went wrong",
            "An unexpected error occurred and has been recorded. Please try again later.",
        ),
    },
}
SITE = {"zh-hans": "Tousu 投诉", "en": "Tousu"}
BACK = {"zh-hans": "返回工作台", "en": "Back to the workbench"}
LANGUAGES = pytest.mark.parametrize(
    ("language", "headers"), [("zh-hans", CHINESE), ("en", ENGLISH)], ids=["chinese", "english"]
)
# Refusals are Tousu's pages even for a developer running with TOUSU_DEBUG=1 (Django's own
# CSRF page would otherwise explain its internals to whoever posts a stale form).
DEBUG_OR_NOT = pytest.mark.parametrize("debug", [False, True], ids=["no-debug", "debug"])


def assert_tousu_page(
    response: HttpResponse | Response, status: int, page: Any, language: str
) -> str:
    """The response is Tousu's own error page `page` in `language`; returns its HTML."""
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    heading, explanation = PAGES[language][page]
    assert f'<html lang="{language}">' in html
    assert f"<title>{heading} · {SITE[language]}</title>" in html
    assert '<link rel="stylesheet" href="/static/workbench/app.css">' in html
    assert f"<h1>{heading}</h1>" in html
    assert f"<p>{explanation}</p>" in html
    assert f'<a href="/">{BACK[language]}</a>' in html
    assert "Traceback" not in html
    assert "DEBUG = True" not in html
    return html


@LANGUAGES
def test_a_page_that_does_not_exist_is_tousus_own_404(
    db: Any, language: str, headers: dict[str, Any]
) -> None:
    response = Client().get("/no-such-page/", **headers)

    assert_tousu_page(response, 404, 404, language)


@LANGUAGES
def test_a_case_the_user_may_not_see_is_the_same_404_page(
    org: dict[str, Any], make_case: Any, language: str, headers: dict[str, Any]
) -> None:
    case = make_case()
    client = Client()
    client.force_login(org["unit_b_handler"])

    response = client.get(f"/cases/{case.pk}/", **headers)

    assert_tousu_page(response, 404, 404, language)


@LANGUAGES
@DEBUG_OR_NOT
def test_a_page_the_user_may_not_open_is_tousus_own_403(
    org: dict[str, Any], settings: Any, debug: bool, language: str, headers: dict[str, Any]
) -> None:
    settings.DEBUG = debug
    client = Client()
    client.force_login(org["clerk"])  # the clerk is not a leader: no overview

    response = client.get("/overview/", **headers)

    html = assert_tousu_page(response, 403, 403, language)
    assert 'role="alert"' not in html  # a bare refusal has no reason to show


def test_a_403_with_a_reason_shows_it(org: dict[str, Any]) -> None:
    client = Client()
    client.force_login(org["unit_a_handler"])

    response = client.get("/cases/new/")

    html = assert_tousu_page(response, 403, 403, "zh-hans")
    assert '<p class="error" role="alert">只有中心工作人员可以登记工单</p>' in html


@LANGUAGES
@DEBUG_OR_NOT
def test_a_form_posted_without_its_csrf_token_gets_tousus_own_403(
    db: Any, settings: Any, debug: bool, language: str, headers: dict[str, Any]
) -> None:
    settings.DEBUG = debug
    browser = Client(enforce_csrf_checks=True)

    response = browser.post("/login/", {"username": "clerk", "password": "x"}, **headers)

    html = assert_tousu_page(response, 403, "csrf", language)
    assert "CSRF" not in html  # Django's technical reason goes to the log, not to the user


@LANGUAGES
@pytest.mark.urls("tests.web.urls_broken")
def test_a_view_that_fails_shows_tousus_own_500(
    db: Any, language: str, headers: dict[str, Any]
) -> None:
    client = Client(raise_request_exception=False)

    response = client.get("/broken/", **headers)

    html = assert_tousu_page(response, 500, 500, language)
    assert "a bug in a view" not in html
    assert "RuntimeError" not in html


def test_the_500_page_needs_neither_a_request_context_nor_the_database() -> None:
    # No `db` fixture: any query here would fail the test.
    request = RequestFactory().get("/anything/")
    with translation.override("en"):
        response = server_error(request)

    assert_tousu_page(response, 500, 500, "en")


@LANGUAGES
def test_a_bad_request_gets_tousus_own_400(
    db: Any, settings: Any, language: str, headers: dict[str, Any]
) -> None:
    settings.ALLOWED_HOSTS = ["tousu.example.gov.cn"]

    response = Client().get("/", HTTP_HOST="evil.example", **headers)

    assert_tousu_page(response, 400, 400, language)


def test_an_unknown_api_path_keeps_the_api_error_format(db: Any) -> None:
    response = Client().get("/api/v1/no-such-endpoint")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"error": {"code": "not_found", "message": "未找到", "fields": {}}}


# --- as the demo runs ---------------------------------------------------------------------------

DEMO_SCRIPT = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "tousu.settings"
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(raise_request_exception=False)
css = client.get("/static/workbench/app.css")
js = client.get("/static/workbench/htmx.min.js")
missing = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
print(json.dumps({
    "debug": settings.DEBUG,
    "css": [css.status_code, css["Content-Type"]],
    "js": [js.status_code, js["Content-Type"]],
    "missing": [missing.status_code, missing.content.decode()],
}))
"""


def run_as_the_demo(tmp_path: Path, **env: str) -> dict[str, Any]:
    """`tousu demo`'s environment: no TOUSU_* variables but a fresh home."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TOUSU_")}
    environment.pop("DATABASE_URL", None)
    environment.update(TOUSU_HOME=str(tmp_path), **env)
    result = subprocess.run(
        [sys.executable, "-c", DEMO_SCRIPT],
        env=environment,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


def test_the_demo_runs_without_debug_and_still_serves_its_styles_and_scripts(
    tmp_path: Path,
) -> None:
    demo = run_as_the_demo(tmp_path)

    assert demo["debug"] is False
    assert demo["css"] == [200, 'text/css; charset="utf-8"']
    assert demo["js"] == [200, 'text/javascript; charset="utf-8"']
    status, html = demo["missing"]
    assert status == 404
    assert "<h1>Page not found</h1>" in html
    assert '<a href="/">Back to the workbench</a>' in html


def test_a_developer_who_asks_for_debug_gets_it(tmp_path: Path) -> None:
    assert run_as_the_demo(tmp_path, TOUSU_DEBUG="1")["debug"] is True
