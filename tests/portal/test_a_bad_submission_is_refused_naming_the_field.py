"""Bad input on the form: 422, the page again with the offending field marked, and nothing stored
— no case, no file, no consent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tousu.cases.models import Attachment, Case, CaseEvent
from tousu.portal.models import Consent


def _nothing_stored() -> None:
    assert (Case.objects.count(), Attachment.objects.count()) == (0, 0)
    assert (CaseEvent.objects.count(), Consent.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"consent": None}, "consent"),
        ({"title": ""}, "title"),
        ({"content": "   "}, "content"),
        ({"title": "长" * 201}, "title"),
        ({"kind": "gossip"}, "kind"),
        ({"category": "no-such-category"}, "category"),
        ({"phone": "12345"}, "phone"),
        ({"name": "", "phone": ""}, "name"),
        ({"email": "not-an-address"}, "email"),
        ({"latitude": "39.9"}, "longitude"),
        ({"longitude": "116.4"}, "latitude"),
        ({"latitude": "91", "longitude": "116.4"}, "latitude"),
        ({"latitude": "north", "longitude": "116.4"}, "latitude"),
        ({"occurred_at": "2099-01-01T10:00"}, "occurred_at"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
    ],
)
def test_the_form_comes_back_with_the_field_marked(
    submit: Callable[..., Any], overrides: dict[str, Any], field: str
) -> None:
    answer = submit(**overrides)
    assert answer.status_code == 422
    html = answer.content.decode()
    assert f'data-error-for="{field}"' in html
    _nothing_stored()


def test_what_was_typed_stays_in_the_form(submit: Callable[..., Any]) -> None:
    html = submit(consent=None).content.decode()
    assert "小区门口路灯坏了一个月" in html and 'value="13912345678"' in html
    _nothing_stored()


def test_a_submission_without_the_csrf_token_is_refused(org: dict[str, Any]) -> None:
    from django.test import Client

    from .conftest import valid_form

    answer = Client(enforce_csrf_checks=True).post("/portal/new/", valid_form())
    assert answer.status_code == 403
    _nothing_stored()


def test_other_methods_are_not_allowed(org: dict[str, Any]) -> None:
    from django.test import Client

    assert Client().put("/portal/new/").status_code == 405
    assert Client().post("/portal/receipt/").status_code == 405
