"""Who may do what to a case, per verb. Pure checks over a `Staff` — no queries but one
(the delegation lookup for important sign-offs)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tousu.orgs.models import CENTRE_KINDS, Role
from tousu.orgs.staff import Staff, has_signoff_delegation, unit_tree

from .models import LEADER_SIGNOFF_SEVERITIES, Case

INTAKE = (Role.CLERK, Role.DISPATCHER, Role.DEPUTY, Role.DIRECTOR, Role.ADMIN)
DISPATCH = (Role.DISPATCHER, Role.DEPUTY, Role.DIRECTOR, Role.ADMIN)
LEADERS = (Role.DEPUTY, Role.DIRECTOR)
CALLBACK = (Role.CLERK, Role.DISPATCHER, Role.SUPERVISOR, Role.DEPUTY, Role.DIRECTOR, Role.ADMIN)
REOPEN = (Role.DEPUTY, Role.DIRECTOR, Role.SUPERVISOR)
SUPERVISION = (Role.SUPERVISOR, Role.DEPUTY, Role.DIRECTOR)  # 催办/督办
RECHECK = (Role.CLERK, Role.SUPERVISOR, Role.DEPUTY, Role.DIRECTOR)  # 回访抽查
UNIT_STAFF = (Role.HANDLER, Role.UNIT_LEADER)
# Who works a case the centre handles itself (自办).
CENTRE_HANDLERS = (Role.CLERK, Role.DISPATCHER, Role.HANDLER, Role.DEPUTY, Role.DIRECTOR)

Check = Callable[[Staff, Case, datetime], bool]


def centre(*roles: str) -> Check:
    def check(staff: Staff, case: Case, now: datetime) -> bool:
        return staff.acts_as(roles, case.centre_id)

    return check


def holder(staff: Staff, case: Case, now: datetime) -> bool:
    """The unit that holds the case; for a self-handled case, the centre's staff."""
    if case.unit_id is None:
        return False
    if unit_tree().kind.get(case.unit_id) in CENTRE_KINDS:
        return staff.acts_as(CENTRE_HANDLERS, case.unit_id)
    return any(staff.has(role, case.unit_id) for role in UNIT_STAFF)


def system(staff: Staff, case: Case, now: datetime) -> bool:
    """The `system` actor of the supervision pass (an inactive account, no roles)."""
    return staff.is_system


def supervision(staff: Staff, case: Case, now: datetime) -> bool:
    """催办/督办: the centre's supervisor and leaders, or the system's automatic ones."""
    return staff.is_system or staff.acts_as(SUPERVISION, case.centre_id)


def signoff(staff: Staff, case: Case, now: datetime) -> bool:
    """签批: a deputy or the director; for important and major cases the director, or a deputy
    the director has authorised (第十八条)."""
    if case.severity not in LEADER_SIGNOFF_SEVERITIES:
        return staff.acts_as(LEADERS, case.centre_id)
    if staff.acts_as((Role.DIRECTOR,), case.centre_id):
        return True
    return (
        staff.acts_as((Role.DEPUTY,), case.centre_id)
        and staff.user_id is not None
        and has_signoff_delegation(staff.user_id, now, case.centre_id)
    )


def review(staff: Staff, case: Case, now: datetime) -> bool:
    """Closing an important case needs the same sign-off as transferring it."""
    if case.severity in LEADER_SIGNOFF_SEVERITIES:
        return signoff(staff, case, now)
    return staff.acts_as(INTAKE, case.centre_id)


RIGHTS: dict[str, Check] = {
    "accept": centre(*INTAKE),
    "reject": centre(*INTAKE),
    "refer": centre(*INTAKE),
    "dispatch": centre(*DISPATCH),
    "self_handle": centre(*DISPATCH),
    "approve": signoff,
    "sign": holder,
    "return": holder,
    "request_extension": holder,
    "decide_extension": centre(*LEADERS),
    "submit_result": holder,
    "review": review,
    "reply": centre(*INTAKE),
    "callback": centre(*CALLBACK),
    "decide": centre(*LEADERS),
    "archive": centre(*INTAKE),
    "suspend": centre(*LEADERS),
    "resume": centre(*LEADERS),
    "merge": centre(*INTAKE),
    "reopen": centre(*REOPEN),
    "withdraw": centre(*INTAKE),
    "disclose_identity": centre(*LEADERS),
    "warn": system,
    "remind": supervision,
    "escalate": supervision,
    "answer_escalation": holder,
    "draw_for_recheck": system,
    "recheck": centre(*RECHECK),
    "reveal_identity": centre(Role.CLERK, Role.DISPATCHER, Role.DEPUTY, Role.DIRECTOR),
    "attach": lambda staff, case, now: (
        staff.acts_as(INTAKE, case.centre_id) or holder(staff, case, now)
    ),
}


def may(verb: str, staff: Staff, case: Case, now: datetime) -> bool:
    check = RIGHTS.get(verb)
    return check is not None and check(staff, case, now)
