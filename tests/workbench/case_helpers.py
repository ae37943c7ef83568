"""What the case-page tests share: URLs, logged-in clients, posting an action's form as a browser
(or htmx) would, valid form data per verb, and what a refused action must leave unchanged."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import MONDAY
from tousu.cases.models import Assignment, Case, CaseEvent, ExtensionRequest

if TYPE_CHECKING:  # what django.test.Client answers
    from django.test.client import _MonkeyPatchedWSGIResponse as Response
else:
    from django.http import HttpResponse as Response

PHONE = "13812345678"
MASKED_PHONE = "138****5678"
NAME = "张三"
MASKED_NAME = "张*"
ID_NUMBER = "110101199001011237"
MASKED_ID_NUMBER = "110101********1237"
# The page is looked at during the Monday the test cases are registered.
NOW = MONDAY + timedelta(hours=1)
HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "case-page"}


def case_url(case: Case) -> str:
    return reverse("workbench:case", args=[case.pk])


def act_url(case: Case, verb: str) -> str:
    return reverse("workbench:act", args=[case.pk, verb])


def client_for(user: Any, language: str = "en") -> Client:
    """Logged in as `user`, reading the pages in English (the msgids the assertions use)."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def form_data(verb: str, case: Case, **overrides: Any) -> dict[str, Any]:
    """What a person fills into the action's form (a valid body), with the case's version."""
    bodies: dict[str, dict[str, Any]] = {
        "accept": {"severity": "general", "note": ""},
        "reject": {"reason": "other", "reason_other": "不属于受理范围"},
        "refer": {"to": "市公安局", "reason": "属治安案件"},
        "dispatch": {"unit": "unit-a", "due": "", "note": "请尽快核实"},
        "approve": {"approve": "true", "note": "同意"},
        "return": {"reason": "other", "reason_other": "不属本单位职责"},
        "request_extension": {"days": "5", "reason": "需现场勘查"},
        "decide_extension": {"approve": "true", "note": "同意延期"},
        "submit_result": {"result": "已督促物业修复电梯", "justified": "true", "valid": "true"},
        "review": {"approve": "true", "note": ""},
        "reply": {"content": "电梯已修复", "channel": "phone"},
        "callback": {"satisfaction": "satisfied", "note": ""},
        "decide": {"rehandle": "false", "note": "已尽力,予以办结"},
        "suspend": {"reason": "等待司法鉴定"},
        "merge": {"into": ""},
        "reopen": {"reason": "诉求人提出新证据"},
        "withdraw": {"reason": "诉求人撤回"},
        "disclose_identity": {"reason": "核实需要联系诉求人"},
    }
    return {"version": str(case.version)} | bodies.get(verb, {}) | overrides


def post_action(
    client: Client, case: Case, verb: str, *, htmx: bool = False, **overrides: Any
) -> Response:
    extra = HTMX if htmx else {}
    return client.post(act_url(case, verb), form_data(verb, case, **overrides), **extra)


def action_forms(html: str) -> list[str]:
    """The verbs whose forms the page offers, in order (form#form-<verb> posting to act/)."""
    return re.findall(r'<form id="form-([a-z_]+)" class="action-form"', html)


def status_shown(html: str) -> str:
    match = re.search(r'<span id="case-status"[^>]*>([^<]*)</span>', html)
    assert match is not None, "no #case-status on the page"
    return match.group(1)


def field_errors(html: str, field_id: str) -> list[str]:
    """The error messages shown under the field with this id (e.g. "dispatch-unit")."""
    block = re.search(rf'<div class="field-errors" id="{field_id}_error">(.*?)</div>', html, re.S)
    if block is None:
        return []
    return re.findall(r'<p class="error field-error">([^<]*)</p>', block.group(1))


class _InlineCode(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, _value in attrs:
            if name.startswith(("on", "hx-on", "data-hx-on")) or name == "style":
                self.found.append(f"<{tag} {name}=…>")
        if tag == "script" and "src" not in dict(attrs):
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")


def inline_code(html: str) -> list[str]:
    """What a strict CSP would block: inline scripts, event handlers, style attributes."""
    parser = _InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def snapshot(case: Case) -> dict[str, Any]:
    """Everything a refused action must leave as it was."""
    row = Case.objects.get(pk=case.pk)
    return {
        "status": row.status,
        "version": row.version,
        "unit_id": row.unit_id,
        "severity": row.severity,
        "unit_due": row.unit_due,
        "handle_due": row.handle_due,
        "result": row.result,
        "events": list(CaseEvent.objects.order_by("id").values_list("id", "verb")),
        "assignments": list(Assignment.objects.order_by("id").values_list("id", "state")),
        "extensions": list(ExtensionRequest.objects.order_by("id").values_list("id", "approved")),
    }
