"""The one access gate: which cases a user may see, and how much of the complainant.

Centre staff see the cases registered in their centre (and the sub-centres and stations below it).
A handling unit's staff see the cases their unit holds or held — never one still waiting for the
leader's sign-off. What a user may not see does not exist for them (the API answers 404).
"""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from tousu.orgs.staff import staff_of

from .models import UNIT_VISIBLE_ASSIGNMENT_STATES, Assignment, Attachment, Case


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


def get_case_for(user: Any, case_id: int) -> Case:
    """The case if the user may see it; Case.DoesNotExist otherwise (→ 404)."""
    return visible_cases(user).select_related("category", "unit", "centre").get(pk=case_id)


class IdentityAccess(enum.Enum):
    MASKED = "masked"  # 138****5678
    HIDDEN = "hidden"  # null: the unit must not learn who complained
    FULL = "full"  # only through an explicit, logged reveal


def sees_as_centre(user: Any, case: Case) -> bool:
    """Whether the user looks at the case as the centre that registered it (not as a unit)."""
    staff = staff_of(user)
    return staff.is_superuser or case.centre_id in staff.centre_scope


def identity_access(user: Any, case: Case) -> IdentityAccess:
    if sees_as_centre(user, case):
        return IdentityAccess.MASKED
    # Handling units: hidden unless the centre disclosed it for this case (第十条(二)).
    if case.identity_disclosed:
        return IdentityAccess.MASKED
    return IdentityAccess.HIDDEN


def visible_attachments(user: Any, case: Case) -> QuerySet[Attachment]:
    """Files marked confidential (a signed letter, an ID card scan) reveal who complained: a unit
    sees them only once the centre has disclosed the identity."""
    files = Attachment.objects.filter(case=case)
    if sees_as_centre(user, case) or case.identity_disclosed:
        return files
    return files.filter(confidential=False)
