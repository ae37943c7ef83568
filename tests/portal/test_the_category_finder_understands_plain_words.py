"""The category finder offers the active categories that match the citizen's words — by name, by
a parent's name, by the words the administrator gave a category, by pieces of a longer phrase —
as a fragment for htmx and in the form page itself without JavaScript."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tousu.categories.models import Category
from tousu.portal.finder import find
from tousu.portal.models import CategoryWords


def _codes(query: str) -> list[str]:
    return [found.code for found in find(query)]


def test_a_category_is_found_by_its_name_and_its_parents_name(org: dict[str, Any]) -> None:
    assert _codes("物业") == ["property"]
    assert _codes("住房") == ["housing", "property"]
    assert find("物业")[0].path == "住房 › 物业管理"


def test_a_longer_phrase_finds_by_its_pieces(org: dict[str, Any]) -> None:
    assert _codes("小区物业不管事") == ["property"]
    assert _codes("买到过期食品") == ["food"]


def test_the_administrators_words_lead_to_a_category(org: dict[str, Any]) -> None:
    CategoryWords.objects.create(
        category=Category.objects.get(code="property"), words="电梯 漏水, 保安"
    )
    assert _codes("电梯坏了") == ["property"]
    assert _codes("lift") == []


def test_inactive_categories_are_never_offered(org: dict[str, Any]) -> None:
    Category.objects.filter(code="food").update(is_active=False)
    assert _codes("食品") == []


def test_nothing_matching_offers_nothing(org: dict[str, Any]) -> None:
    assert (_codes("   "), _codes("zzzz")) == ([], [])


def test_the_finder_answers_htmx_with_choices_to_tick(org: dict[str, Any]) -> None:
    answer = Client().get("/portal/categories/", {"q": "物业"}, headers={"HX-Request": "true"})
    html = answer.content.decode()
    assert answer.status_code == 200 and "<html" not in html
    assert 'name="category" value="property"' in html and "住房 › 物业管理" in html


def test_without_javascript_the_form_page_shows_the_choices(org: dict[str, Any]) -> None:
    html = Client().get("/portal/new/", {"q": "食品"}).content.decode()
    assert 'id="category-found"' in html and 'value="food"' in html
    assert 'value="property"' not in html
    redirected = Client().get("/portal/categories/", {"q": "食品"})
    assert (redirected.status_code, redirected["Location"]) == (
        302,
        "/portal/new/?q=%E9%A3%9F%E5%93%81",
    )


def test_without_words_the_whole_list_is_a_select(org: dict[str, Any]) -> None:
    html = Client().get("/portal/new/").content.decode()
    assert '<select name="category" id="id_category">' in html
    assert html.count('<option value="') == 4  # not sure, and the three categories
