"""Deadline policies are cached with the category tree they inherit down. The category admin
drops that cache on every write: saving, deleting one category, deleting a selection."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.http import HttpRequest
from django.test import RequestFactory

from tousu.cases.deadlines import policy_for
from tousu.cases.models import DeadlinePolicy
from tousu.categories.models import Category

Org = dict[str, Any]


@pytest.fixture
def admin_request(org: Org) -> HttpRequest:
    request = RequestFactory().post("/admin/")
    request.user = org["admin"]
    return request


def _seasonal_category_with_a_five_day_policy() -> Category:
    seasonal = Category.objects.create(code="seasonal", name="节日临时类")
    DeadlinePolicy.objects.create(name="节日从快", category=seasonal, handle_days=5)
    assert policy_for("complaint", seasonal.pk, "general").handle_days == 5  # now cached
    return seasonal


def test_deleting_a_category_in_the_admin_drops_its_cached_policy(
    org: Org, admin_request: HttpRequest
) -> None:
    seasonal = _seasonal_category_with_a_five_day_policy()
    pk = seasonal.pk
    admin.site.get_model_admin(Category).delete_model(admin_request, seasonal)
    assert DeadlinePolicy.objects.filter(name="节日从快").exists() is False
    assert policy_for("complaint", pk, "general").handle_days == 15  # the kind's default


def test_deleting_a_selection_of_categories_in_the_admin_drops_the_cache_too(
    org: Org, admin_request: HttpRequest
) -> None:
    seasonal = _seasonal_category_with_a_five_day_policy()
    pk = seasonal.pk
    admin.site.get_model_admin(Category).delete_queryset(
        admin_request, Category.objects.filter(pk=pk)
    )
    assert policy_for("complaint", pk, "general").handle_days == 15
