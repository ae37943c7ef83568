"""The API and the workbench show each person the same parts of a case, decided in one place
(`access.view_of`): the centre sees the tracking code, the complainant masked, every file and
every note; the unit holding the case sees neither the code nor who complained, nor the ID scan,
nor what was written to or by the unit before it; the unit that returned the case sees it as it
left it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.access.story import (
    B_RETURNS,
    MASKED_PHONE,
    NOTES,
    PUBLIC_FILE,
    REVEAL,
    SECRET_FILE,
    TO_A,
    TO_B,
    Seen,
    on_the_workbench,
    returned_by_b_then_at_a,
    through_the_api,
)
from tousu.cases.models import Case

MakeCase = Callable[..., Case]

CENTRE = Seen(
    status="handling",
    unit="unit-a",
    tracking_code=True,
    phone=MASKED_PHONE,
    files=frozenset({PUBLIC_FILE, SECRET_FILE}),
    notes=(TO_B, B_RETURNS, TO_A, REVEAL),
)
EXPECTED = {
    "clerk": CENTRE,
    "deputy": CENTRE,
    "analyst": CENTRE,
    # Holds the case: its own instructions, nothing of B's, no identity, no ID scan.
    "unit_a_handler": Seen(
        status="handling",
        unit="unit-a",
        tracking_code=False,
        phone=None,
        files=frozenset({PUBLIC_FILE}),
        notes=(TO_A,),
    ),
    # Returned it: the case as it left B — back at the centre for dispatch, no unit, B's notes.
    "unit_b_handler": Seen(
        status="accepted",
        unit=None,
        tracking_code=False,
        phone=None,
        files=frozenset({PUBLIC_FILE}),
        notes=(TO_B, B_RETURNS),
    ),
}


@pytest.mark.parametrize("username", list(EXPECTED))
def test_the_api_and_the_case_page_show_each_role_the_same_parts_of_the_case(
    org: dict[str, Any], make_case: MakeCase, settings: Any, tmp_path: Any, username: str
) -> None:
    settings.MEDIA_ROOT = tmp_path
    case = returned_by_b_then_at_a(make_case(), org)
    units = {org["unit_a"].name: "unit-a", org["unit_b"].name: "unit-b"}

    api, api_text = through_the_api(org[username], case)
    page, html = on_the_workbench(org[username], case, units)

    assert api == EXPECTED[username]
    assert page == EXPECTED[username]
    for note in set(NOTES) - set(EXPECTED[username].notes):
        assert note not in api_text
        assert note not in html
    if SECRET_FILE not in EXPECTED[username].files:
        assert SECRET_FILE not in api_text
        assert SECRET_FILE not in html
