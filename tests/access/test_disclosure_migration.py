"""Moving the disclosures of before (a flag on the case) to the unit they were made to: the
transfer that held the case when it was disclosed, else the latest of the unit holding it now."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from tests.access.story import at
from tousu.cases import workflow as wf
from tousu.cases.models import Assignment, Case, CaseEvent

MakeCase = Callable[..., Case]
migration = importlib.import_module("tousu.cases.migrations.0004_disclosure_per_unit")


def _old_disclosure(case: Case, org: dict[str, Any], minutes: int) -> None:
    """What the old disclose_identity left: its event (the flag itself is gone from the model)."""
    CaseEvent.objects.create(
        case=case,
        verb="disclose_identity",
        actor=org["deputy"],
        at=at(minutes),
        from_status=case.status,
        to_status=case.status,
        note="需当面核实",
    )


def test_a_disclosure_goes_to_the_unit_that_held_the_case_then(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=at(10))
    wf.dispatch(case, actor=org["clerk"], now=at(20), unit="unit-b")
    _old_disclosure(case, org, 25)
    wf.return_case(case, actor=org["unit_b_handler"], now=at(30), reason="不属本单位职责")
    wf.dispatch(case, actor=org["clerk"], now=at(40), unit="unit-a")

    transfer = migration._holder_when(case, Assignment, CaseEvent)

    assert (transfer.unit_id, transfer.state) == (org["unit_b"].pk, "returned")


def test_a_disclosure_made_before_any_transfer_goes_to_the_unit_holding_the_case_now(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=at(10))
    _old_disclosure(case, org, 15)
    wf.dispatch(case, actor=org["clerk"], now=at(20), unit="unit-a")

    transfer = migration._holder_when(Case.objects.get(pk=case.pk), Assignment, CaseEvent)

    assert (transfer.unit_id, transfer.state) == (org["unit_a"].pk, "awaiting_sign")


def test_a_disclosure_with_no_unit_ever_holding_the_case_is_dropped(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=at(10))
    _old_disclosure(case, org, 15)

    assert migration._holder_when(case, Assignment, CaseEvent) is None
