"""Every workbench page is sent with a strict Content Security Policy (scripts and styles from
'self' and the request's nonce only, never 'unsafe-inline') and is written so that it needs nothing
more: no inline script, no inline event handler (on…= or hx-on), no style attribute, no <style>
element without the nonce.

Django 6 puts the nonce into the header only when the page used it (`{% csp_nonce_attr %}`); a
page that loads everything from files gets the stricter `script-src 'self'`. Either way every
nonce attribute in the page must be the header's."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tousu.cases import workflow
from tousu.cases.models import Case

from ..conftest import MONDAY


class InlineCode(HTMLParser):
    """Collects what a strict policy would block, or what the project's rules forbid."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.nonces: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _value in attrs}
        for name in sorted(names):
            if name.startswith(("on", "hx-on", "data-hx-on")):
                self.found.append(f"<{tag} {name}=…>")
            if name == "style":
                self.found.append(f"<{tag} style=…>")
        kinds = dict(attrs)
        if kinds.get("nonce"):
            self.nonces.add(str(kinds["nonce"]))
        # A data block (json_script) is not run by the browser; anything else must be a file.
        if tag == "script" and "src" not in names and kinds.get("type") != "application/json":
            self.found.append("<script> without src")
        if tag == "style" and "nonce" not in names:
            self.found.append("<style> without nonce")


def scan(html: str) -> InlineCode:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser


def inline_code(html: str) -> list[str]:
    return scan(html).found


def nonces_in(sources: list[str]) -> set[str]:
    return {s.removeprefix("'nonce-").removesuffix("'") for s in sources if s.startswith("'nonce-")}


def script_src(policy: str) -> list[str]:
    for directive in policy.split(";"):
        words = directive.split()
        if words and words[0] == "script-src":
            return words[1:]
    return []


@pytest.fixture
def dispatched(org: dict[str, Any], make_case: Callable[..., Case]) -> Case:
    case = make_case()
    workflow.accept(case, actor=org["clerk"], now=MONDAY)
    return workflow.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a")


# (who, url name, arguments, query string); "anonymous" pages are seen logged out.
PAGES = [
    ("anonymous", "workbench:login", (), ""),
    ("clerk", "workbench:home", (), ""),
    ("clerk", "workbench:queue", ("to_accept",), "?sort=number&dir=desc"),
    ("unit_a_handler", "workbench:queue", ("to_sign",), "?sort=number&dir=desc"),
    ("clerk", "workbench:case", ("case",), ""),
    ("clerk", "workbench:intake", (), ""),
    ("clerk", "workbench:search", (), "?q=电梯"),
    ("clerk", "workbench:password_change", (), ""),
    ("clerk", "workbench:notification_preferences", (), ""),
    ("director", "workbench:overview", (), ""),
    ("director", "workbench:case", ("case",), ""),
    ("unit_a_handler", "workbench:home", (), ""),
    ("unit_a_handler", "workbench:case", ("case",), ""),
    ("unit_a_handler", "workbench:search", (), "?q=电梯"),
]


@pytest.mark.parametrize(
    ("who", "name", "args", "query"),
    PAGES,
    ids=[f"{who}-{name.split(':')[1]}" for who, name, _a, _q in PAGES],
)
def test_the_page_carries_a_strict_policy_and_no_inline_code(
    client: Client,
    org: dict[str, Any],
    dispatched: Case,
    who: str,
    name: str,
    args: tuple[str, ...],
    query: str,
) -> None:
    if who != "anonymous":
        client.force_login(org[who])
    url = reverse(name, args=[dispatched.pk if a == "case" else a for a in args]) + query
    response = client.get(url)
    assert response.status_code == 200, url
    sources = script_src(response.headers["Content-Security-Policy"])
    assert set(sources) - {"'self'"} == {f"'nonce-{n}'" for n in nonces_in(sources)}
    assert "'unsafe-inline'" not in sources
    page = scan(response.content.decode())
    assert page.found == []
    assert page.nonces <= nonces_in(sources)


def test_the_queue_list_swapped_in_by_htmx_has_no_inline_code_either(
    client: Client, org: dict[str, Any], dispatched: Case
) -> None:
    client.force_login(org["unit_a_handler"])
    response = client.get(
        reverse("workbench:queue", args=["to_sign"]),
        headers={"HX-Request": "true", "HX-Target": "case-list"},
    )
    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers
    assert inline_code(response.content.decode()) == []


def test_a_page_that_uses_the_nonce_gets_a_fresh_one_in_each_response(
    client: Client, org: dict[str, Any]
) -> None:
    # The admin marks its <script>/<link> tags with the nonce (and so does its Tousu styling).
    client.force_login(org["admin"])
    seen = []
    for _ in range(2):
        response = client.get(reverse("admin:index"))
        sources = script_src(response.headers["Content-Security-Policy"])
        page = scan(response.content.decode())
        assert page.nonces == nonces_in(sources) != set()
        seen.append(page.nonces)
    assert seen[0] != seen[1]


def test_the_checker_catches_what_it_is_meant_to_catch() -> None:
    html = (
        '<script>alert(1)</script><script src="/a.js"></script>'
        '<script type="application/json" id="d">{}</script>'
        '<a onclick="x()">x</a><div style="color:red" hx-on:click="y()"></div><style>p{}</style>'
    )
    assert inline_code(html) == [
        "<script> without src",
        "<a onclick=…>",
        "<div hx-on:click=…>",
        "<div style=…>",
        "<style> without nonce",
    ]
