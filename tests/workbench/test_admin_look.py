"""The admin (reference data) looks like the workbench: its stylesheet, its name in the user's
language, a link back to the workbench, and nothing the strict policy would block."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import translation

from .test_csp import inline_code

EN = {"Accept-Language": "en"}


@pytest.fixture(autouse=True)
def _default_language_afterwards() -> Any:
    yield
    translation.deactivate()


def admin_name(language: str) -> str:
    with translation.override(language):
        return translation.gettext("Tousu administration")


def test_the_admin_index_loads_the_workbench_styles_with_the_nonce(
    client: Client, org: dict[str, Any]
) -> None:
    client.force_login(org["admin"])
    response = client.get(reverse("admin:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<link rel="stylesheet" href="/static/workbench/admin.css" nonce="' in html
    assert finders.find("workbench/admin.css") is not None
    assert inline_code(html) == []


def test_the_admin_is_named_and_titled_in_chinese_by_default(
    client: Client, org: dict[str, Any]
) -> None:
    client.force_login(org["admin"])
    response = client.get(reverse("admin:index"))
    html = response.content.decode()
    name = admin_name("zh-hans")
    assert f'<div id="site-name"><a href="/admin/">{name}</a></div>' in html
    assert f"| {name}</title>" in html
    assert "Django" not in html.split("<body", 1)[1].split('<div id="content"', 1)[0]


def test_the_admin_is_named_in_english_on_request(client: Client, org: dict[str, Any]) -> None:
    client.force_login(org["admin"])
    html = client.get(reverse("admin:index"), headers=EN).content.decode()
    assert admin_name("en") == "Tousu administration"
    assert '<div id="site-name"><a href="/admin/">Tousu administration</a></div>' in html
    assert '<a id="back-to-workbench" href="/">Back to the workbench</a>' in html


def test_every_admin_page_links_back_to_the_workbench(client: Client, org: dict[str, Any]) -> None:
    client.force_login(org["admin"])
    for url in (reverse("admin:index"), reverse("admin:categories_category_changelist")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'id="back-to-workbench" href="/"' in response.content.decode()


def test_the_admin_login_page_is_styled_too(client: Client) -> None:
    html = client.get(reverse("admin:login")).content.decode()
    assert "/static/workbench/admin.css" in html
    assert f'<div id="site-name"><a href="/admin/">{admin_name("zh-hans")}</a></div>' in html
