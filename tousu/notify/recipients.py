"""Who is told of an event: staff by their roles in the organisation, the complainant through
the case's contact channel.

Every rule names candidates by role; `fanout` then drops the actor and anyone who may not see the
case (the access gate), so a unit never hears of a case still waiting for the leader's sign-off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import get_user_model

from tousu.cases import rights
from tousu.cases.models import LEADER_SIGNOFF_SEVERITIES, Case, CaseEvent, Complainant, Status
from tousu.orgs.duty import duty_clerks, in_office_hours
from tousu.orgs.models import CENTRE_KINDS, Membership, Role
from tousu.orgs.staff import staff_of_many, unit_tree

from .models import Kind

# Who holds a case the centre handles itself (自办), for reminders and material added.
CENTRE_HOLDERS = (Role.CLERK, Role.DISPATCHER, Role.HANDLER)
UNIT_STAFF = (Role.HANDLER, Role.UNIT_LEADER)
# Who is told a callback 回访 is due or late: the centre's staff who may call back
# (`rights.CALLBACK`) and do it as their daily work — not the leaders, who are told only of what
# needs them (sign-offs, extensions, escalations), nor the administrator.
CALLBACK_STAFF = tuple(r for r in rights.CALLBACK if r not in (*rights.LEADERS, Role.ADMIN))
# 督办 ladder: level → the role addressed (level 1 in the holding unit, then the centre).
ESCALATION_ROLES = {1: Role.UNIT_LEADER, 2: Role.DEPUTY, 3: Role.DIRECTOR}


def members(unit_ids: Iterable[int | None], roles: Iterable[str]) -> list[Any]:
    """The active users holding one of `roles` in one of the units, each once, by username."""
    wanted = [u for u in unit_ids if u is not None]
    if not wanted:
        return []
    user_ids = Membership.objects.filter(
        unit_id__in=wanted, role__in=list(roles), unit__is_active=True
    ).values("user_id")
    # With their profiles: the fan-out reads the phone of those who want SMS.
    return list(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .select_related("staff_profile")
        .order_by("username")
    )


def centre_chain(case: Case) -> list[int]:
    """The case's centre and the units above it: a role held there reaches the case."""
    parents = unit_tree().parent
    chain: list[int] = []
    node: int | None = case.centre_id
    while node is not None and node not in chain:
        chain.append(node)
        node = parents.get(node)
    return chain


def _is_centre_unit(unit_id: int | None) -> bool:
    return unit_id is not None and unit_tree().kind.get(unit_id) in CENTRE_KINDS


def holders(case: Case) -> list[Any]:
    """The staff of the unit that holds the case now."""
    if case.unit_id is None:
        return []
    roles = CENTRE_HOLDERS if _is_centre_unit(case.unit_id) else UNIT_STAFF
    return members([case.unit_id], roles)


def signers(case: Case, event: CaseEvent) -> list[Any]:
    """The deputies and the director who may sign this case off (rights.signoff)."""
    candidates = members(centre_chain(case), (Role.DEPUTY, Role.DIRECTOR))
    staffs = staff_of_many(candidates)  # their roles in one query
    return [u for u in candidates if rights.signoff(staffs[u.pk], case, event.at)]


def _unit_of(event: CaseEvent) -> int | None:
    code = _data(event).get("unit")
    return unit_tree().id_for_code(code) if isinstance(code, str) else None


def _data(event: CaseEvent) -> dict[str, Any]:
    return event.data if isinstance(event.data, dict) else {}


def _dispatch(case: Case, event: CaseEvent) -> tuple[str, list[Any]]:
    if _data(event).get("needs_signoff"):
        return Kind.SIGNOFF_WAITING, signers(case, event)
    unit = _unit_of(event) if event.verb == "dispatch" else None
    if unit is None or _is_centre_unit(unit):
        return Kind.NEW_WORK, []  # self-handling: the centre chose it itself
    return Kind.NEW_WORK, members([unit], UNIT_STAFF)


def _approve(case: Case, event: CaseEvent) -> tuple[str, list[Any]]:
    if _data(event).get("approve") is not True or _is_centre_unit(case.unit_id):
        return Kind.NEW_WORK, []
    return Kind.NEW_WORK, members([case.unit_id], UNIT_STAFF)


def _result(case: Case, event: CaseEvent) -> tuple[str, list[Any]]:
    if case.severity in LEADER_SIGNOFF_SEVERITIES:  # closing it needs the same sign-off
        return Kind.RESULT_TO_REVIEW, signers(case, event)
    return Kind.RESULT_TO_REVIEW, members(centre_chain(case), (Role.CLERK,))


def _escalate(case: Case, event: CaseEvent) -> tuple[str, list[Any]]:
    data = _data(event)
    to = data.get("to")
    if isinstance(to, dict) and isinstance(to.get("unit"), str) and isinstance(to.get("role"), str):
        unit = unit_tree().id_for_code(to["unit"])
        addressed = members([unit], [to["role"]])
    else:
        level = data.get("level")
        role = ESCALATION_ROLES.get(level if isinstance(level, int) else 1, Role.UNIT_LEADER)
        units = [case.unit_id] if role == Role.UNIT_LEADER else centre_chain(case)
        addressed = members(units, [role])
    return Kind.ESCALATION, addressed + members(centre_chain(case), (Role.SUPERVISOR,))


def _callback_pending(event: CaseEvent) -> bool:
    """A supervision event on a replied case: what it chases is the callback 回访 (while replied,
    the case's `current_due` is the callback's date), the centre's own work — never the unit's."""
    return event.from_status == Status.REPLIED


def _warn(case: Case, event: CaseEvent) -> tuple[str, list[Any]]:
    """预警 of a callback → the callback staff. The warning of an open case's deadline tells no
    one (the unit's queues show it due soon)."""
    if _callback_pending(event):
        return Kind.CALLBACK_DUE, members(centre_chain(case), CALLBACK_STAFF)
    return Kind.CALLBACK_DUE, []


def _remind(case: Case, event: CaseEvent) -> tuple[str, list[Any]]:
    """催办 → whoever holds the case; of an overdue callback, the callback staff."""
    if _callback_pending(event):
        return Kind.REMINDER, members(centre_chain(case), CALLBACK_STAFF)
    return Kind.REMINDER, holders(case)


def _attach(case: Case, event: CaseEvent) -> tuple[str, list[Any]]:
    """Material added by someone outside the holding unit (later: the citizen) → the holder."""
    staff = holders(case)
    if event.actor_id is not None and any(u.pk == event.actor_id for u in staff):
        return Kind.MATERIAL_ADDED, []
    return Kind.MATERIAL_ADDED, staff


def _registered(case: Case, event: CaseEvent) -> tuple[str, list[Any]]:
    """A case arriving out of office hours → the duty clerks on shift at the case's centre (or a
    centre above it) when it was registered (值班). In office hours the queues suffice."""
    if in_office_hours(event.at):
        return Kind.AFTER_HOURS_CASE, []
    return Kind.AFTER_HOURS_CASE, duty_clerks(centre_chain(case), event.at)


Rule = Callable[[Case, CaseEvent], tuple[str, list[Any]]]

STAFF_RULES: dict[str, Rule] = {
    "dispatch": _dispatch,
    "self_handle": _dispatch,
    "approve": _approve,
    "request_extension": lambda case, event: (
        Kind.EXTENSION_REQUESTED,
        members(centre_chain(case), (Role.DEPUTY, Role.DIRECTOR)),
    ),
    "submit_result": _result,
    "warn": _warn,
    "remind": _remind,
    "escalate": _escalate,
    "return": lambda case, event: (
        Kind.RETURNED,
        members(centre_chain(case), (Role.DISPATCHER,)),
    ),
    "attach": _attach,
    "supplement": _attach,  # the citizen's own material (cases/supplement.py)
    "register": _registered,
}


def staff_recipients(case: Case, event: CaseEvent) -> tuple[str, list[Any]]:
    rule = STAFF_RULES.get(event.verb)
    if rule is None:
        return "", []
    return rule(case, event)


# The complainant hears of these (never who at the centre or the unit did it).
def complainant_kind(event: CaseEvent) -> str:
    data = _data(event)
    if event.verb == "register":
        return Kind.ACKNOWLEDGED
    if event.verb == "accept":
        return Kind.ACCEPTED
    if event.verb == "reject":
        return Kind.NOT_ACCEPTED
    if event.verb == "reply":
        return Kind.REPLIED
    if event.verb == "callback" and data.get("satisfaction") == "unreachable":
        # 回访未接通: ask the complainant to get in touch.
        return Kind.CALLBACK_REQUEST
    return ""


def complainant_phone(case: Case) -> str:
    """The contact phone: the representative's, else the first complainant's; none when the
    case is anonymous."""
    if case.anonymous:
        return ""
    person = (
        Complainant.objects.filter(case=case).order_by("-is_representative", "position").first()
    )
    return (person.phone or "").strip() if person is not None else ""
