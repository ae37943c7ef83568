"""The one access gate: which cases a user may see, and which parts of a case.

Centre staff see the cases registered in their centre (and the sub-centres and stations below it).
A handling unit's staff see the cases their unit holds or held — never one still waiting for the
leader's sign-off. What a user may not see does not exist for them (the API answers 404).

Which parts of a visible case a user sees is one object, `view_of(user, case)` → `CaseView`, read
by the API and the workbench alike (the timeline, results and replies through `timeline.py`):

- the centre sees everything but the complainant in full (masked; in full only by a logged reveal);
- the unit holding the case (its `unit`) sees the case without the tracking code; the complainant
  only once the identity was disclosed to this unit, and then masked; confidential files likewise;
- a former holder (a unit whose transfer was returned or cancelled, or that finished and the case
  was reopened) sees the case as it was when it left — status as then, no unit, no deadlines,
  nothing written after it left — plus the final outcome (status and date) once there is one.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from tousu.orgs.staff import Staff, staff_of, staff_of_many, unit_tree

from .models import (
    FINAL_STATUSES,
    UNIT_VISIBLE_ASSIGNMENT_STATES,
    Assignment,
    AssignmentState,
    Attachment,
    Case,
    Status,
)
from .severity import ABOUT_THE_COMPLAINANT

# Where a case has an outcome a former holder is told about (the final status and its date).
OUTCOME_STATUSES = FINAL_STATUSES | {Status.CLOSED}
# The status a unit last saw the case in, by how its last transfer ended.
_LEFT_AS = {
    AssignmentState.RETURNED: Status.ACCEPTED,  # 退单: back to the centre for dispatch
    AssignmentState.CANCELLED: Status.WITHDRAWN,  # 撤诉 while at the unit
    AssignmentState.DONE: Status.CLOSED,  # handled to the end, then reopened
}
_TRANSFERS_ATTR = "_access_transfers"


def visible_cases(user: Any) -> QuerySet[Case]:
    staff = staff_of(user)
    if staff.is_superuser:
        return Case.objects.all()
    condition = Q(pk__in=[])
    if staff.centre_scope:
        condition |= Q(centre_id__in=staff.centre_scope)
    if staff.handling_units:
        held = Assignment.objects.filter(
            case=OuterRef("pk"),
            unit_id__in=staff.handling_units,
            state__in=UNIT_VISIBLE_ASSIGNMENT_STATES,
        )
        condition |= Q(Exists(held))
    return Case.objects.filter(condition)


def visible_to(users: Iterable[Any], case: Case) -> list[Any]:
    """Of `users`, those who may see `case` (in their order): `visible_cases`' decision for many
    users at once — one membership query for all of them, and one for the case's transfers when
    the staff of a handling unit are among them (the fan-out asks this of every event's
    recipients)."""
    people = list(users)
    staffs = staff_of_many(people)
    held: frozenset[int] | None = None

    def units_held() -> frozenset[int]:
        nonlocal held
        if held is None:
            held = frozenset(
                Assignment.objects.filter(
                    case=case, state__in=UNIT_VISIBLE_ASSIGNMENT_STATES
                ).values_list("unit_id", flat=True)
            )
        return held

    return [user for user in people if _sees(staffs[user.pk], case, units_held)]


def _sees(staff: Staff, case: Case, units_held: Callable[[], frozenset[int]]) -> bool:
    """The condition of `visible_cases` for one case, in Python: the administrator; the centre
    that registered it (or one above); a unit the case reached (`units_held()`: the units of its
    transfers in a state a unit sees)."""
    if staff.is_superuser or case.centre_id in staff.centre_scope:
        return True
    return bool(staff.handling_units) and bool(staff.handling_units & units_held())


def get_case_for(user: Any, case_id: int) -> Case:
    """The case if the user may see it; Case.DoesNotExist otherwise (→ 404)."""
    return visible_cases(user).select_related("category", "unit", "centre").get(pk=case_id)


class IdentityAccess(enum.Enum):
    MASKED = "masked"  # 138****5678
    HIDDEN = "hidden"  # null: the unit must not learn who complained
    FULL = "full"  # only through an explicit, logged reveal


class Standing(enum.Enum):
    """How the viewer stands to the case."""

    CENTRE = "centre"  # the registering centre (or an administrator)
    HOLDER = "holder"  # the unit the case is with (or was with to the end)
    FORMER = "former"  # a unit that had it and no longer has


def sees_as_centre(user: Any, case: Case) -> bool:
    """Whether the user looks at the case as the centre that registered it (not as a unit)."""
    staff = staff_of(user)
    return staff.is_superuser or case.centre_id in staff.centre_scope


@dataclass(frozen=True)
class CaseView:
    """What one user may see of one case: every decision the API and the workbench apply."""

    standing: Standing
    identity: IdentityAccess
    # The citizen's key to the case's progress: the centre's only, never a unit's.
    tracking_code: bool
    # Files marked confidential (a signed letter, an ID scan) reveal who complained.
    confidential_files: bool
    # Centre: whether the holding unit was told who complained; unit: whether this unit was.
    identity_disclosed: bool
    # The status as this viewer sees it (a former holder: as it left, or the final outcome).
    status: str
    # Whether the number of the case this one was merged into may be shown.
    merged_into: bool
    # The viewer's handling units (ids and codes); empty for the centre.
    unit_ids: frozenset[int] = frozenset()
    unit_codes: frozenset[str] = frozenset()
    # A former holder: when its last transfer ended.
    left_at: datetime | None = None
    user: Any = field(default=None, compare=False, repr=False)

    @property
    def as_centre(self) -> bool:
        return self.standing is Standing.CENTRE

    @property
    def is_former(self) -> bool:
        return self.standing is Standing.FORMER

    @property
    def has_outcome(self) -> bool:
        return self.status in OUTCOME_STATUSES

    # What a former holder does not see: where the case went, what is due now, later writing.
    @property
    def shows_unit(self) -> bool:
        return not self.is_former

    @property
    def shows_deadlines(self) -> bool:
        return not self.is_former

    @property
    def shows_replies(self) -> bool:
        return not self.is_former

    def severity_reasons(self, codes: Sequence[str]) -> list[str]:
        """The criteria that made the case important, without those that describe the
        complainant (an NPC deputy, a foreign investor…) where the identity is hidden."""
        if self.identity is not IdentityAccess.HIDDEN:
            return list(codes)
        return [code for code in codes if code not in ABOUT_THE_COMPLAINANT]

    def own_transfers(self, transfers: Sequence[Assignment]) -> list[Assignment]:
        """The transfers this viewer may list: all for the centre, a unit's own otherwise (not
        where else the case went)."""
        return [t for t in transfers if self.as_centre or t.unit_id in self.unit_ids]


def with_views(qs: QuerySet[Case], user: Any) -> QuerySet[Case]:
    """Prefetch what `view_of` reads, for a list of cases (one query for the whole page)."""
    return qs.prefetch_related(
        Prefetch("assignments", queryset=_transfers_read(user), to_attr=_TRANSFERS_ATTR)
    )


def _transfers_read(user: Any) -> QuerySet[Assignment]:
    staff = staff_of(user)
    return Assignment.objects.filter(
        Q(unit_id__in=staff.handling_units) | Q(identity_disclosed=True)
    ).order_by("id")


def _transfers_of(user: Any, case: Case) -> Sequence[Assignment]:
    prefetched = getattr(case, _TRANSFERS_ATTR, None)
    if prefetched is not None:
        return list(prefetched)
    return list(_transfers_read(user).filter(case=case))


def view_of(user: Any, case: Case, transfers: Sequence[Assignment] | None = None) -> CaseView:
    """What this user sees of this (visible) case. One query — none after `with_views`, or when
    the caller passes the case's transfers it has loaded anyway (all of them, oldest first)."""
    staff = staff_of(user)
    if transfers is None:
        transfers = _transfers_of(user, case)
    if sees_as_centre(user, case):
        told = any(t.identity_disclosed and t.unit_id == case.unit_id for t in transfers)
        return CaseView(
            standing=Standing.CENTRE,
            identity=IdentityAccess.MASKED,
            tracking_code=True,
            confidential_files=True,
            identity_disclosed=told,
            status=case.status,
            merged_into=True,
            user=user,
        )
    own = [
        t
        for t in transfers
        if t.unit_id in staff.handling_units and t.state in UNIT_VISIBLE_ASSIGNMENT_STATES
    ]
    told = any(t.identity_disclosed for t in own)
    # The holder: the case's unit, unless its latest transfer there still waits for sign-off.
    latest = [t for t in transfers if t.unit_id == case.unit_id]
    holder = (
        case.unit_id in staff.handling_units
        and bool(latest)
        and latest[-1].state in UNIT_VISIBLE_ASSIGNMENT_STATES
    )
    status, left_at = case.status, None
    if not holder and own:
        last = own[-1]
        left_at = last.closed_at
        if case.status not in OUTCOME_STATUSES:
            status = _LEFT_AS.get(AssignmentState(last.state), case.status)
    codes = unit_tree().code
    return CaseView(
        standing=Standing.HOLDER if holder else Standing.FORMER,
        identity=IdentityAccess.MASKED if told else IdentityAccess.HIDDEN,
        tracking_code=False,
        confidential_files=told,
        identity_disclosed=told,
        status=status,
        merged_into=case.merged_into_id is not None
        and visible_cases(user).filter(pk=case.merged_into_id).exists(),
        unit_ids=frozenset(staff.handling_units),
        unit_codes=frozenset(codes[u] for u in staff.handling_units if u in codes),
        left_at=left_at,
        user=user,
    )


def identity_access(user: Any, case: Case) -> IdentityAccess:
    if sees_as_centre(user, case):  # no query: lists and exports call this per row
        return IdentityAccess.MASKED
    return view_of(user, case).identity


def visible_attachments(user: Any, case: Case) -> QuerySet[Attachment]:
    return files_seen(view_of(user, case), case)


def files_seen(view: CaseView, case: Case) -> QuerySet[Attachment]:
    """Files marked confidential (a signed letter, an ID card scan) reveal who complained: a unit
    sees them only once the centre has disclosed the identity to it. A former holder sees the
    files as they were when it left."""
    files = Attachment.objects.filter(case=case)
    if not view.confidential_files:
        files = files.filter(confidential=False)
    if view.is_former and view.left_at is not None:
        files = files.filter(uploaded_at__lte=view.left_at)
    return files
