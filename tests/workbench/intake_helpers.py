"""What the intake tests share: a filled-in phone complaint as the browser would post it, the
files a complainant might bring, and a look at what the database holds."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from django.test import Client
from django.urls import reverse

from tousu.cases.models import Attachment, Case, CaseEvent, Complainant, Demand, Respondent

INTAKE_URL = "/cases/new/"
SEVERITY_URL = "/cases/new/severity/"


def complainant_rows(*people: dict[str, Any]) -> dict[str, Any]:
    """The complainant formset's fields for these people (prefix "complainants")."""
    data: dict[str, Any] = {
        "complainants-TOTAL_FORMS": str(len(people)),
        "complainants-INITIAL_FORMS": "0",
        "complainants-MIN_NUM_FORMS": "0",
        "complainants-MAX_NUM_FORMS": "50",
    }
    for i, person in enumerate(people):
        for name, value in person.items():
            data[f"complainants-{i}-{name}"] = value
    return data


def phone_complaint(**changes: Any) -> dict[str, Any]:
    """A phone complaint with one complainant, a respondent, two demands and a category."""
    data: dict[str, Any] = {
        "kind": "complaint",
        "channel": "phone",
        "received_at": "2026-03-02T09:40",
        "respondent_type": "organisation",
        "respondent_name": "幸福物业管理有限公司",
        "respondent_address": "东城区幸福小区物业中心",
        "respondent_official_rank": "",
        "title": "小区电梯长期故障无人维修",
        "content": "幸福小区3号楼电梯停运两周,物业不予维修。",
        "facts": "多次报修无果。",
        "demands": ["尽快修复电梯", "赔偿误工损失"],
        "address": "东城区幸福小区3号楼",
        "category": "property",
        "severity": "",
        **complainant_rows(
            {
                "name": "张三",
                "phone": "13812345678",
                "id_number": "110101199001011237",
                "address": "东城区幸福小区3号楼2单元501",
                "gender": "male",
                "special_identity": "",
            }
        ),
    }
    data.update(changes)
    return data


def post_intake(client: Client, data: dict[str, Any]) -> Any:
    return client.post(INTAKE_URL, data)


def counts() -> dict[str, int]:
    """How many rows the registration touches: all zero after a refused registration."""
    return {
        "cases": Case.objects.count(),
        "complainants": Complainant.objects.count(),
        "respondents": Respondent.objects.count(),
        "demands": Demand.objects.count(),
        "attachments": Attachment.objects.count(),
        "events": CaseEvent.objects.count(),
    }


NOTHING = {
    "cases": 0,
    "complainants": 0,
    "respondents": 0,
    "demands": 0,
    "attachments": 0,
    "events": 0,
}


def text_of(html: str, element_id: str) -> str:
    """The text inside the element with this id (no nested elements expected)."""
    match = re.search(rf'id="{re.escape(element_id)}"[^>]*>([^<]*)<', html)
    assert match, f"no element #{element_id}"
    return match.group(1).strip()


class FieldErrors(HTMLParser):
    """The error messages shown inside each `.field` block, by the name of its control."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: dict[str, list[str]] = {}
        self._stack: list[dict[str, Any]] = []
        self._in_error = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "div" and "field" in classes:
            self._stack.append({"names": [], "depth": 0})
        if self._stack:
            if tag == "div":
                self._stack[-1]["depth"] += 1
            if tag in ("input", "select", "textarea") and values.get("name"):
                self._stack[-1]["names"].append(values["name"])
            if tag == "span" and "error" in classes:
                self._in_error += 1
                self._stack[-1].setdefault("messages", []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._in_error:
            self._in_error -= 1
        if tag == "div" and self._stack:
            top = self._stack[-1]
            top["depth"] -= 1
            if top["depth"] == 0:
                self._stack.pop()
                for name in top["names"]:
                    self.errors.setdefault(name, []).extend(top.get("messages", []))

    def handle_data(self, data: str) -> None:
        if self._in_error and self._stack:
            self._stack[-1]["messages"][-1] += data.strip()


def field_errors(html: str) -> dict[str, list[str]]:
    """{control name: [messages]} for every field that shows an error."""
    parser = FieldErrors()
    parser.feed(html)
    parser.close()
    return {name: messages for name, messages in parser.errors.items() if messages}


def intake_url() -> str:
    return reverse("workbench:intake")
