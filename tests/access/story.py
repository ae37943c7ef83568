"""The story the access tests share, and what the API and the workbench show of it.

A complaint with a public photo and the complainant's ID-card scan (confidential) is dispatched to
unit B with instructions, B returns it with its reason, the centre dispatches it to unit A with
other instructions, A signs for it, and the clerk reveals the full identity for a callback.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tests.api.helpers import get, png_bytes, token_client
from tests.conftest import MONDAY
from tests.workbench.case_helpers import case_url, client_for, status_shown
from tousu.cases import workflow as wf
from tousu.cases.attachments import attach
from tousu.cases.disclosure import reveal_identity
from tousu.cases.models import Case, Status

PUBLIC_FILE = "电梯现场.png"
SECRET_FILE = "张三身份证.png"  # named after the complainant: its name alone says who complained
TO_B = "请市场监管局核实"
B_RETURNS = "不属本单位职责,请转住建局"
TO_A = "请住建局核实电梯故障"
REVEAL = "回访前核对身份"
NOTES = (TO_B, B_RETURNS, TO_A, REVEAL)
MASKED_PHONE = "138****5678"


def at(minutes: int) -> datetime:
    return MONDAY + timedelta(minutes=minutes)


def returned_by_b_then_at_a(case: Case, org: dict[str, Any]) -> Case:
    """Walk the registered case through the story (one step every ten minutes)."""
    attach(case, actor=org["clerk"], now=at(1), name=PUBLIC_FILE, data=png_bytes())
    attach(
        case, actor=org["clerk"], now=at(2), name=SECRET_FILE, data=png_bytes(), confidential=True
    )
    wf.accept(case, actor=org["clerk"], now=at(10))
    wf.dispatch(case, actor=org["clerk"], now=at(20), unit="unit-b", note=TO_B)
    wf.sign(case, actor=org["unit_b_handler"], now=at(30))
    wf.return_case(case, actor=org["unit_b_handler"], now=at(40), reason=B_RETURNS)
    wf.dispatch(case, actor=org["clerk"], now=at(50), unit="unit-a", note=TO_A)
    wf.sign(case, actor=org["unit_a_handler"], now=at(60))
    reveal_identity(case, actor=org["clerk"], now=at(70), reason=REVEAL)
    return case


@dataclass(frozen=True)
class Seen:
    """What one person is shown of the case."""

    status: str
    unit: str | None
    tracking_code: bool
    phone: str | None
    files: frozenset[str]
    notes: tuple[str, ...]


def through_the_api(user: Any, case: Case) -> tuple[Seen, str]:
    """What the API shows, and all of its answers' text (to look for what must not be there)."""
    client = token_client(user)
    detail = get(client, f"/cases/{case.pk}")
    events = get(client, f"/cases/{case.pk}/events")
    files = get(client, f"/cases/{case.pk}/attachments")
    assert (detail.status_code, events.status_code, files.status_code) == (200, 200, 200)
    names = {a["name"] for a in files.json()} | {
        e["data"]["name"] for e in events.json() if "name" in e["data"]
    }
    body = detail.json()
    seen = Seen(
        status=body["status"],
        unit=body["unit"],
        tracking_code=body["tracking_code"] == case.tracking_code,
        phone=body["complainant"]["phone"],
        files=frozenset(names),
        notes=tuple(e["note"] for e in events.json() if e["note"]),
    )
    raw = json.dumps([body, events.json(), files.json()], ensure_ascii=False)
    return seen, raw


def on_the_workbench(user: Any, case: Case, units: dict[str, str]) -> tuple[Seen, str]:
    """What the case page shows (`units`: name → code), and its html."""
    response = client_for(user).get(case_url(case))
    assert response.status_code == 200
    html = response.content.decode()
    unit = re.search(r'<dd id="case-unit">([^<]*)</dd>', html)
    assert unit is not None
    labels = {str(s.label): s.value for s in Status}
    seen = Seen(
        status=labels[status_shown(html)],
        unit=units.get(unit.group(1)),
        tracking_code=case.tracking_code in html,
        phone=MASKED_PHONE if MASKED_PHONE in html else None,
        files=frozenset(name for name in (PUBLIC_FILE, SECRET_FILE) if name in html),
        notes=tuple(re.findall(r'<p class="event-note">([^<]*)</p>', html)),
    )
    return seen, html
