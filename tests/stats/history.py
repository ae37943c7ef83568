"""A month of work by hand, with the clock across the Mid-Autumn and National Day holidays of
2026 (25–27 September and 1–7 October off; Sunday 20 September and Saturday 10 October worked).
Every figure of October is known in advance — tests/stats/test_october_unit_figures.py says
which case gives which.

Seven working days from Wednesday 30 September are 8, 9, 10 (Saturday, worked), 12, 13, 14, 15
October: a transfer on 30 September is due at the end of 15 October.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from tests.workflow.helpers import end_of, shanghai
from tousu.cases import workflow as wf
from tousu.cases.models import Case

Org = dict[str, Any]


def walk(org: Org, make_case: Callable[..., Case]) -> dict[str, Case]:
    clerk, director = org["clerk"], org["director"]
    a, b = org["unit_a_handler"], org["unit_b_handler"]
    cases: dict[str, Case] = {}

    def new(name: str, received: datetime, **fields: Any) -> Case:
        case = make_case(now=received, **fields)
        wf.accept(case, actor=clerk, now=received)
        cases[name] = case
        return case

    def done(case: Case, at: datetime, by: Any, *, on: datetime | None = None) -> None:
        """Result at `at`, approved at `on` (the same moment unless told), replied then."""
        wf.submit_result(case, actor=by, now=at, result="已处理", justified=True)
        wf.review(case, actor=clerk, now=on or at, approve=True, note="")
        wf.reply(case, actor=clerk, now=on or at, content="已处理完毕", channel="phone")

    # 1. Completed exactly at its due time. Transferred 30 September: the transfer counts in
    #    September, the completion in October.
    c = new("exactly_due", shanghai(2026, 9, 29))
    wf.dispatch(c, actor=clerk, now=shanghai(2026, 9, 30), unit="unit-a")
    wf.sign(c, actor=a, now=shanghai(2026, 10, 8))
    done(c, end_of(2026, 10, 15), a, on=shanghai(2026, 10, 16))
    wf.callback(c, actor=clerk, now=shanghai(2026, 10, 19), satisfaction="satisfied")

    # 2. On time after an extension: due 16 October, three working days more → 21 October.
    c = new("extended", shanghai(2026, 10, 8))
    wf.dispatch(c, actor=clerk, now=shanghai(2026, 10, 8, 11), unit="unit-a")
    wf.sign(c, actor=a, now=shanghai(2026, 10, 8, 12))
    wf.request_extension(c, actor=a, now=shanghai(2026, 10, 14), days=3, reason="需现场勘查")
    wf.decide_extension(c, actor=director, now=shanghai(2026, 10, 14, 15), approve=True)
    done(c, shanghai(2026, 10, 21, 15), a, on=shanghai(2026, 10, 22))
    wf.callback(c, actor=clerk, now=shanghai(2026, 10, 26), satisfaction="basically_satisfied")

    # 3. Late, then reworked twice: a dissatisfied callback and a refused review; completed
    #    twice (the second time on time, with the fresh period the rework gives).
    c = new("reworked_twice", shanghai(2026, 10, 8))
    wf.dispatch(c, actor=clerk, now=shanghai(2026, 10, 8, 11), unit="unit-a")
    wf.sign(c, actor=a, now=shanghai(2026, 10, 8, 12))
    done(c, shanghai(2026, 10, 19), a)  # due 16 October: late
    wf.callback(c, actor=clerk, now=shanghai(2026, 10, 20), satisfaction="dissatisfied")
    wf.submit_result(c, actor=a, now=shanghai(2026, 10, 21), result="再次处理", justified=True)
    wf.review(c, actor=clerk, now=shanghai(2026, 10, 22), approve=False, note="未附照片")
    done(c, shanghai(2026, 10, 23), a)
    wf.callback(c, actor=clerk, now=shanghai(2026, 10, 26), satisfaction="satisfied")

    # 4. Across a suspension: due 16 October; suspended on 12 October, resumed on 19 October
    #    (five working days lost: 13–16 and 19 October) → due 23 October; done on 23 October,
    #    on time only because the suspension moved the deadline by all five days.
    c = new("suspended", shanghai(2026, 10, 8))
    wf.dispatch(c, actor=clerk, now=shanghai(2026, 10, 8, 11), unit="unit-a")
    wf.sign(c, actor=a, now=shanghai(2026, 10, 8, 12))
    wf.suspend(c, actor=director, now=shanghai(2026, 10, 12), reason="等待司法鉴定")
    wf.resume(c, actor=director, now=shanghai(2026, 10, 19))
    done(c, shanghai(2026, 10, 23, 18), a)

    # 5. Returned by unit A, transferred to unit B, completed there; the complainant cannot be
    #    reached three times: closed as unreachable (one callback, not reached).
    c = new("returned", shanghai(2026, 10, 8))
    wf.dispatch(c, actor=clerk, now=shanghai(2026, 10, 8, 11), unit="unit-a")
    wf.return_case(c, actor=a, now=shanghai(2026, 10, 9), reason="不属本单位职责")
    wf.dispatch(c, actor=clerk, now=shanghai(2026, 10, 9, 11), unit="unit-b")
    wf.sign(c, actor=b, now=shanghai(2026, 10, 9, 12))
    done(c, shanghai(2026, 10, 13), b, on=shanghai(2026, 10, 14))
    for day in (15, 16, 19):
        wf.callback(c, actor=clerk, now=shanghai(2026, 10, day), satisfaction="unreachable")

    # 6. Completed by unit B, closed, reopened, and transferred to unit A, which still holds it
    #    (due 23 October: overdue now).
    c = new("reopened", shanghai(2026, 10, 8))
    wf.dispatch(c, actor=clerk, now=shanghai(2026, 10, 8, 11), unit="unit-b")
    wf.sign(c, actor=b, now=shanghai(2026, 10, 8, 12))
    done(c, shanghai(2026, 10, 12), b)
    wf.callback(c, actor=clerk, now=shanghai(2026, 10, 13), satisfaction="satisfied")
    wf.reopen(c, actor=director, now=shanghai(2026, 10, 14), reason="群众再次反映")
    wf.dispatch(c, actor=clerk, now=shanghai(2026, 10, 14, 11), unit="unit-a")

    # 7. An important case: the transfer waits for the director's sign-off on 9 October and
    #    reaches unit A when signed, on 12 October (due 21 October: overdue now).
    c = new("signed_off", shanghai(2026, 10, 9), severity="important")
    wf.dispatch(c, actor=clerk, now=shanghai(2026, 10, 9, 11), unit="unit-a")
    wf.approve(c, actor=director, now=shanghai(2026, 10, 12), approve=True, note="同意")
    return cases


# "Now" for the figures that have no period (the cases a unit holds past its due time).
NOW = shanghai(2026, 11, 2)
