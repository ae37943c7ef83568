"""How a case looks through the API, per caller: every decision comes from the access gate's
`CaseView` (identity, tracking code, what a former holder sees), the same the workbench reads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from tousu.cases import deadlines
from tousu.cases.access import CaseView, IdentityAccess, view_of
from tousu.cases.disclosure import identity_views, may_see_identity_views
from tousu.cases.models import Case, Complainant
from tousu.cases.timeline import SeenEvent, case_events, replies, results
from tousu.lib.masking import mask_address, mask_id_number, mask_name, mask_phone


def iso(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value is not None else None


def _person(c: Complainant | None, access: IdentityAccess, anonymous: bool) -> dict[str, Any]:
    hidden = {
        "anonymous": anonymous,
        "name": None,
        "gender": None,
        "phone": None,
        "id_number": None,
        "address": None,
        "organisation": None,
        "is_representative": None,
    }
    if c is None or anonymous or access is IdentityAccess.HIDDEN:
        return hidden
    full = access is IdentityAccess.FULL
    return {
        "anonymous": False,
        "name": c.name if full else mask_name(c.name),
        "gender": c.gender or None,
        "phone": c.phone if full else mask_phone(c.phone),
        "id_number": c.id_number if full else mask_id_number(c.id_number),
        "address": c.address if full else mask_address(c.address),
        "organisation": c.organisation,
        "is_representative": c.is_representative,
    }


def case_out(case: Case, user: Any, now: datetime, *, detail: bool = False) -> dict[str, Any]:
    """The `{case}` object. Expects complainants prefetched (and respondent/demands for detail;
    in lists, `access.with_views` so that the view costs no query per case)."""
    view = view_of(user, case)
    access = view.identity
    people = list(case.complainants.all())
    due = view.shows_deadlines
    out: dict[str, Any] = {
        "id": case.pk,
        "number": case.number,
        # The citizen's key to the case's progress: for the centre only, never for a unit.
        "tracking_code": case.tracking_code if view.tracking_code else None,
        "kind": case.kind,
        "channel": case.channel,
        "title": case.title,
        "status": view.status,
        "severity": case.severity,
        "category": case.category.code if case.category_id and case.category else None,
        "unit": case.unit.code if view.shows_unit and case.unit_id and case.unit else None,
        "centre": case.centre.code if case.centre else None,
        "complainant": _person(people[0] if people else None, access, case.anonymous),
        "received_at": iso(case.received_at),
        "deadlines": {
            "accept_due": iso(case.accept_due) if due else None,
            "handle_due": iso(case.handle_due) if due else None,
            "unit_due": iso(case.unit_due) if due else None,
            "current_due": iso(case.current_due) if due else None,
        },
        "deadline_state": deadlines.deadline_state(case, now) if due else "normal",
        "provisional": case.deadline_provisional and due,
        "extension_pending": case.extension_pending and due,
        "version": case.version,
    }
    if detail:
        out.update(_detail(case, people, view, now, user))
    return out


def _outcome(case: Case, view: CaseView) -> dict[str, Any]:
    """The verdict, reply and callback: a former holder is told only its own results and the
    final status with its date."""
    seen = case_events(view, case)
    kept: dict[str, list[dict[str, Any]]] = {
        "results": [
            {
                "at": iso(r.at),
                "unit": r.unit,
                "text": r.text,
                "justified": r.justified,
                "valid": r.valid,
            }
            for r in results(view, case, seen)
        ],
        "replies": [
            {"at": iso(r.at), "channel": r.channel or None, "text": r.text}
            for r in replies(view, case, seen)
        ],
    }
    if view.is_former:
        own = kept["results"][-1] if kept["results"] else None
        return {
            **kept,
            "result": own["text"] if own else None,
            "justified": own["justified"] if own else None,
            "valid": own["valid"] if own else None,
            "reply": None,
            "satisfaction": None,
            "closed_at": iso(case.closed_at) if view.has_outcome else None,
            "rework_count": None,
        }
    return {
        **kept,
        "result": case.result or None,
        "justified": case.justified,
        "valid": case.valid,
        "reply": case.reply or None,
        "satisfaction": case.satisfaction or None,
        "closed_at": iso(case.closed_at),
        "rework_count": case.rework_count,
    }


def _detail(
    case: Case, people: list[Complainant], view: CaseView, now: datetime, user: Any
) -> dict[str, Any]:
    from tousu.cases.workflow import available_verbs

    access = view.identity
    respondent = getattr(case, "respondent", None)
    return {
        "content": case.content,
        "facts": case.facts,
        "address": case.address,
        "latitude": str(case.latitude) if case.latitude is not None else None,
        "longitude": str(case.longitude) if case.longitude is not None else None,
        "occurred_at": iso(case.occurred_at),
        "registered_at": iso(case.registered_at),
        "accepted_at": iso(case.accepted_at),
        "remaining_workdays": deadlines.remaining_workdays(case, now)
        if view.shows_deadlines
        else None,
        "suggested_severity": case.suggested_severity,
        "severity_reasons": view.severity_reasons(case.severity_reasons),
        "severity_confirmed": case.severity_confirmed,
        "party_count": case.party_count,
        "complainants": [_person(p, access, case.anonymous) for p in people]
        if access is not IdentityAccess.HIDDEN and not case.anonymous
        else [],
        "respondent": {
            "type": respondent.type,
            "name": respondent.name,
            "address": respondent.address,
            "legal_representative": respondent.legal_representative,
            "responsible_person": respondent.responsible_person,
            "phone": respondent.phone,
            "official_rank": respondent.official_rank or None,
        }
        if respondent is not None
        else None,
        "demands": [d.text for d in case.demands.all()],
        **_outcome(case, view),
        "referred_to": (case.referred_to or None) if not view.is_former else None,
        "merged_into": case.merged_into_id if view.merged_into else None,
        "identity_disclosed": view.identity_disclosed,
        "identity_views": _identity_views(case, user),
        "actions": available_verbs(user, case, now),
    }


def _identity_views(case: Case, user: Any) -> list[dict[str, Any]] | None:
    """Who viewed the complainant unmasked ("who viewed this"): for the centre's leaders and
    supervisors; null for everyone else."""
    if not may_see_identity_views(user, case):
        return None
    return [
        {
            "at": iso(v.at),
            "by": v.actor.get_username() if v.actor else None,
            "reason": v.reason or None,
            "complainants": v.complainants,
            "attachment": v.attachment,
        }
        for v in identity_views(case)
    ]


def event_out(event: SeenEvent) -> dict[str, Any]:
    """One event as the caller may see it (see `cases.timeline`)."""
    return {
        "verb": event.verb,
        "actor": event.actor.get_username() if event.actor else None,
        "at": iso(event.at),
        "from_status": event.from_status or None,
        "to_status": event.to_status,
        "note": event.note,
        "data": event.data,
    }
