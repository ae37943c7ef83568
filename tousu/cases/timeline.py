"""The timeline, results and replies as one viewer may see them (the access gate's `CaseView`).

The centre sees every event as written. A unit sees
- the centre's intake before the case reached it (register, accept…), without the centre's notes;
- what happened while it held the case (its transfer: dispatch with its instructions, sign,
  extension, result, review, reply, callback…), with the notes written to or by it;
- never what happened while another unit held the case (that unit's instructions, return reason,
  results), never a `reveal_identity`, never the name of a confidential file unless the identity
  was disclosed to it, never the number of a linked (merged) case it cannot see itself;
- a former holder: nothing after it left, except the event that gave the case its final outcome
  (stripped to its status and date).
Each event's data is an allow-list per verb for units: a new key stays hidden until listed here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .access import CaseView, visible_cases
from .models import Attachment, Case, CaseEvent

# The data keys a unit may read, per verb (anything else — and any verb not listed — is dropped).
UNIT_DATA_KEYS: dict[str, frozenset[str]] = {
    "register": frozenset({"channel", "suggested_severity"}),
    "accept": frozenset({"severity"}),
    "refer": frozenset({"to"}),
    "dispatch": frozenset({"unit", "due", "needs_signoff"}),
    "self_handle": frozenset({"needs_signoff"}),
    "approve": frozenset({"approve"}),
    "return": frozenset({"reason_code", "unit"}),
    "request_extension": frozenset({"days"}),
    "decide_extension": frozenset({"approve", "days"}),
    "submit_result": frozenset({"result", "unit", "justified", "valid", "unit_due", "on_time"}),
    "review": frozenset({"approve"}),
    "reply": frozenset({"content", "channel"}),
    "callback": frozenset({"satisfaction"}),
    "decide": frozenset({"rehandle"}),
    "resume": frozenset({"workdays_suspended"}),
    "disclose_identity": frozenset({"unit"}),
    "attach": frozenset({"attachment", "name", "type", "size", "confidential"}),
    "supplement": frozenset({"channel", "files"}),  # the citizen's material (cases/supplement.py)
    "merge": frozenset({"into", "number"}),
    "merged_in": frozenset({"case", "number"}),
    "warn": frozenset({"due", "automatic"}),
    "remind": frozenset({"due", "automatic"}),
    "escalate": frozenset({"level", "to", "answer_due", "due", "automatic"}),
    "answer_escalation": frozenset({"level", "to"}),
    "issue_document": frozenset({"document", "number"}),  # a letter issued (cases/issued.py)
}
# Verbs whose note a unit reads when the event happened while it held the case: what was
# written to it (instructions, a refusal, the complainant's dissatisfaction) or by it.
UNIT_NOTE_VERBS = frozenset(
    {
        "dispatch",
        "return",
        "request_extension",
        "decide_extension",
        "submit_result",
        "review",
        "callback",
        "decide",
        "suspend",
        "withdraw",
        "remind",
        "escalate",
        "answer_escalation",
    }
)
# Verbs whose note is the citizen's own words (补充材料): part of the matter, read by every unit
# that sees the event, like the case's content.
CITIZEN_NOTE_VERBS = frozenset({"supplement"})
# Never shown to a unit: who at the centre looked at the full identity, and why.
CENTRE_ONLY_VERBS = frozenset({"reveal_identity"})
# The id of a linked case, per verb (its number travels with it).
LINK_KEYS = {"merge": "into", "merged_in": "case"}
# What a unit reads only of the events of its own transfers (the centre's self-handling, too,
# is another's work).
OWN_ONLY_KEYS = frozenset({"result", "content", "reason_code"})
# Verbs after which no unit holds the case any more.
ENDS_TRANSFER = frozenset({"return", "withdraw"})


@dataclass(frozen=True)
class SeenEvent:
    """An event as the viewer sees it."""

    id: int
    verb: str
    actor: Any
    at: datetime
    from_status: str
    to_status: str
    note: str
    data: dict[str, Any]
    # Written while the viewer's unit held the case (always true for the centre).
    mine: bool = True
    # The case's latest event of this verb (what the case's own columns still hold).
    latest: bool = False


@dataclass(frozen=True)
class Result:
    at: datetime
    unit: str | None
    text: str
    justified: bool | None
    valid: bool | None


@dataclass(frozen=True)
class Reply:
    at: datetime
    channel: str
    text: str


def _owners(events: list[CaseEvent]) -> list[str | None]:
    """For each event, the code of the unit holding the case when it happened (None: the centre).
    A dispatch belongs to the unit it goes to; a return or a withdrawal to the unit it ends."""
    current: str | None = None
    owners: list[str | None] = []
    for event in events:
        data = event.data if isinstance(event.data, dict) else {}
        if event.verb == "dispatch":
            unit = data.get("unit")
            current = unit if isinstance(unit, str) else None
        elif event.verb in {"self_handle", "reopen"}:
            current = None
        owners.append(current)
        refused = event.verb == "approve" and data.get("approve") is False
        if event.verb in ENDS_TRANSFER or refused:
            current = None
    return owners


def _shown(view: CaseView, event: CaseEvent, owner: str | None, is_last: bool, case: Case) -> str:
    """'full', 'outcome' (status and date only) or '' (hidden) for a unit viewer."""
    if event.verb in CENTRE_ONLY_VERBS:
        return ""
    after_leaving = view.is_former and view.left_at is not None and event.at > view.left_at
    if not after_leaving and (owner in view.unit_codes or owner is None):
        return "full"
    if view.is_former and view.has_outcome and is_last and event.to_status == case.status:
        return "outcome"
    return ""


def _linked_visible(view: CaseView, events: list[CaseEvent]) -> set[int]:
    """The linked (merged) cases among these events that the viewer may open itself."""
    ids = {
        e.data.get(LINK_KEYS[e.verb])
        for e in events
        if e.verb in LINK_KEYS and isinstance(e.data, dict)
    }
    wanted = {i for i in ids if isinstance(i, int)}
    if not wanted:
        return set()
    return set(visible_cases(view.user).filter(pk__in=wanted).values_list("pk", flat=True))


def _unit_data(
    view: CaseView, event: CaseEvent, data: dict[str, Any], linked: set[int], own: bool
) -> dict[str, Any]:
    allowed = UNIT_DATA_KEYS.get(event.verb, frozenset())
    if not own:
        allowed = allowed - OWN_ONLY_KEYS
    out = {k: v for k, v in data.items() if k in allowed}
    if event.verb == "attach" and data.get("confidential") and not view.confidential_files:
        out.pop("name", None)
        out.pop("attachment", None)
    if event.verb in LINK_KEYS and data.get(LINK_KEYS[event.verb]) not in linked:
        out.pop(LINK_KEYS[event.verb], None)
        out.pop("number", None)
    return out


def events_seen(
    view: CaseView,
    case: Case,
    events: Iterable[CaseEvent],
    file_names: dict[int, str] | None = None,
) -> list[SeenEvent]:
    """The case's events (oldest first) as this viewer sees them. `file_names` (attachment id →
    name), when the caller has the files at hand, saves the query for the files' names."""
    rows = list(events)
    latest = {e.verb: e.pk for e in rows}
    named = _with_file_names(case, rows, file_names)
    if view.as_centre:
        return [_seen(e, e.note, named[e.pk], latest) for e in rows]
    owners = _owners(rows)
    linked = _linked_visible(view, rows)
    out = []
    for index, (event, owner) in enumerate(zip(rows, owners, strict=True)):
        shown = _shown(view, event, owner, index == len(rows) - 1, case)
        own = owner is not None and owner in view.unit_codes
        if shown == "outcome":
            out.append(_seen(event, "", {}, latest, mine=False))
        elif shown == "full":
            citizens = event.verb in CITIZEN_NOTE_VERBS
            note = event.note if citizens or (own and event.verb in UNIT_NOTE_VERBS) else ""
            data = _unit_data(view, event, named[event.pk], linked, own)
            out.append(_seen(event, note, data, latest, mine=own))
    return out


def _with_file_names(
    case: Case, events: list[CaseEvent], names: dict[int, str] | None
) -> dict[int, dict[str, Any]]:
    """Each event's data, with the name of each file it refers to (`"attachment": id`, or a list
    of `"files"` with one each) read from the attachment: the name is sealed there, never kept
    in the event (a file a purge removed has no name any more). One query when an event refers
    to a file and the caller gave no `names`."""
    out = {e.pk: dict(e.data) if isinstance(e.data, dict) else {} for e in events}
    wanted = {ref for data in out.values() for ref in _file_refs(data)}
    if not wanted:
        return out
    if names is None:
        rows = Attachment.objects.filter(case=case, pk__in=wanted)
        names = {a.pk: a.original_name for a in rows}
    for data in out.values():
        if isinstance(data.get("attachment"), int) and data["attachment"] in names:
            data["name"] = names[data["attachment"]]
        if isinstance(data.get("files"), list):
            data["files"] = [
                {**f, "name": names[f["attachment"]]}
                if isinstance(f, dict) and f.get("attachment") in names
                else f
                for f in data["files"]
            ]
    return out


def _file_refs(data: dict[str, Any]) -> list[int]:
    refs = [data.get("attachment")]
    if isinstance(data.get("files"), list):
        refs += [f.get("attachment") for f in data["files"] if isinstance(f, dict)]
    return [r for r in refs if isinstance(r, int)]


def _seen(
    event: CaseEvent, note: str, data: dict[str, Any], latest: dict[str, int], *, mine: bool = True
) -> SeenEvent:
    return SeenEvent(
        id=event.pk,
        verb=event.verb,
        actor=event.actor,
        at=event.at,
        from_status=event.from_status,
        to_status=event.to_status,
        note=note,
        data=data,
        mine=mine,
        latest=latest.get(event.verb) == event.pk,
    )


def case_events(
    view: CaseView,
    case: Case,
    *,
    actor_related: str = "actor",
    file_names: dict[int, str] | None = None,
) -> list[SeenEvent]:
    """Load the case's events and filter them for the viewer."""
    events = CaseEvent.objects.filter(case=case).select_related(actor_related).order_by("id")
    return events_seen(view, case, events, file_names)


def results(view: CaseView, case: Case, seen: list[SeenEvent]) -> list[Result]:
    """Every result the viewer may read, oldest first: a unit reads its own units' results."""
    submitted = [e for e in seen if e.verb == "submit_result" and e.mine]
    out = []
    for e in submitted:
        text = e.data.get("result")
        if not isinstance(text, str):  # older events: only the latest result was kept
            text = case.result if e.latest else ""
        unit = e.data.get("unit")
        out.append(
            Result(
                at=e.at,
                unit=unit if isinstance(unit, str) else None,
                text=text,
                justified=e.data.get("justified"),
                valid=e.data.get("valid"),
            )
        )
    return out


def replies(view: CaseView, case: Case, seen: list[SeenEvent]) -> list[Reply]:
    """Every reply to the complainant, oldest first: the centre's and the holding unit's to read;
    a former holder is told only the final outcome."""
    if not view.shows_replies:
        return []
    sent = [e for e in seen if e.verb == "reply" and e.mine]
    out = []
    for e in sent:
        text = e.data.get("content")
        if not isinstance(text, str):  # older events: only the latest reply was kept
            text = case.reply if e.latest else ""
        out.append(Reply(at=e.at, channel=str(e.data.get("channel") or ""), text=text))
    return out
