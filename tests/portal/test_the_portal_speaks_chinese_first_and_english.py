"""Chinese first: the portal answers in Chinese unless the browser asks for English, and a switch
on every page (a plain form: no JavaScript needed) changes the language."""

from __future__ import annotations

from typing import Any

from django.test import Client


def test_chinese_is_the_default(org: dict[str, Any]) -> None:
    html = Client().get("/portal/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert 'name="language" value="en"' in html


def test_a_browser_asking_for_english_gets_english(org: dict[str, Any]) -> None:
    html = Client(headers={"Accept-Language": "en"}).get("/portal/").content.decode()
    assert '<html lang="en">' in html and "Submit a case" in html
    assert 'name="language" value="zh-hans"' in html


def test_the_switch_changes_the_language_and_returns_to_the_page(org: dict[str, Any]) -> None:
    client = Client()
    answer = client.post("/i18n/setlang/", {"language": "en", "next": "/portal/track/"})
    assert (answer.status_code, answer["Location"]) == (302, "/portal/track/")
    assert '<html lang="en">' in client.get("/portal/track/").content.decode()


def test_the_privacy_notice_follows_the_language(org: dict[str, Any]) -> None:
    chinese = Client().get("/portal/new/").content.decode()
    english = Client(headers={"Accept-Language": "en"}).get("/portal/new/").content.decode()
    assert "个人信息保护告知" in chinese and "Personal Information Protection Law" not in chinese
    assert "Personal Information Protection Law" in english and "个人信息保护告知" not in english


def test_the_receipt_offers_no_switch_that_would_lose_the_password(
    org: dict[str, Any],
) -> None:
    from .conftest import valid_form

    client = Client()
    client.post("/portal/new/", valid_form())
    html = client.get("/portal/receipt/").content.decode()
    assert 'data-receipt="password"' in html and "/i18n/setlang/" not in html
