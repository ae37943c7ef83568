"""A case's progress as the citizen who brought it is told it, in plain language.

The one wording source for every public answer about a case — the portal's track page, a status
query on WeChat or by SMS — so the citizen reads the same thing wherever they ask. It says only
what the citizen may know: the stage of the five the public sees (received → accepted → being
handled by the responsible department → replied → closed, or how the case ended otherwise), the
date it was received, the working days left, and the reply once there is one. Never a staff
member's name, an internal note, a unit's name or another case's number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tousu.calendar import services as calendar

from . import tracking
from .models import Case, Status

S = Status

# The labels are short words other screens use in other senses ("received" at, "accepted"
# cases): a context of their own ("public progress", spelt out in each call so that
# makemessages finds it) keeps the translations apart.
# The steps every case walks through, in order: the stage the citizen sees for each status.
STEPS = ("received", "accepted", "handling", "replied", "closed")
STEP_LABELS: dict[str, Promise] = {
    "received": pgettext_lazy("public progress", "received"),
    "accepted": pgettext_lazy("public progress", "accepted"),
    "handling": pgettext_lazy("public progress", "being handled by the responsible department"),
    "replied": pgettext_lazy("public progress", "replied"),
    "closed": pgettext_lazy("public progress", "closed"),
}
STAGE_OF: dict[str, str] = {
    S.REGISTERED: "received",
    S.ACCEPTED: "accepted",
    S.PENDING_APPROVAL: "accepted",
    S.DISPATCHED: "handling",
    S.HANDLING: "handling",
    S.RESULT_SUBMITTED: "handling",
    S.REVIEWED: "handling",
    S.PENDING_DECISION: "handling",
    S.REPLIED: "replied",
    S.CLOSED: "closed",
    S.ARCHIVED: "closed",
    # Endings off the usual path: the stage is the ending itself.
    S.NOT_ACCEPTED: "not_accepted",
    S.REFERRED: "referred",
    S.MERGED: "merged",
    S.WITHDRAWN: "withdrawn",
    S.SUSPENDED: "suspended",
}
EXPLANATIONS: dict[str, Promise] = {
    "received": _("We have received your case and will decide shortly whether we can accept it."),
    "accepted": _("Your case has been accepted and is being passed to the responsible department."),
    "handling": _("The responsible department is handling your case."),
    "replied": _(
        "Your case has been answered. We may contact you to ask whether you are satisfied."
    ),
    "closed": _("Your case has been closed."),
    "not_accepted": _("Your case could not be accepted. You will be or have been told why."),
    "referred": _("Your case has been passed to the authority responsible for it."),
    "merged": _("Your case is being handled together with another case on the same matter."),
    "withdrawn": _("Your case has been withdrawn."),
    "suspended": _("Work on your case is paused for the time being."),
}
# Stages with a deadline the citizen is waiting on: its working days left are shown.
WAITING = frozenset({"received", "accepted", "handling"})


@dataclass(frozen=True)
class Progress:
    number: str
    stage: str  # one of STEPS, or how it ended otherwise (not_accepted, referred, merged…)
    label: str
    explanation: str
    received_on: date  # in the centre's time zone
    workdays_left: int | None  # before the deadline of the current stage; negative: overdue
    reply: str  # the centre's reply to the citizen, once given; else ""
    steps: tuple[tuple[str, str, str], ...]  # (step, label, "done" | "current" | "todo")

    @property
    def on_usual_path(self) -> bool:
        return self.stage in STEPS


def progress_of(case: Case, now: datetime) -> Progress:
    stage = STAGE_OF.get(case.status, "received")
    if stage == "suspended" and case.suspended_from:
        # A paused case keeps its place on the path; the explanation says it is paused.
        place = STAGE_OF.get(case.suspended_from, "received")
    else:
        place = stage
    label = stage_label(stage)
    return Progress(
        number=case.number,
        stage=stage,
        label=str(label),
        explanation=str(EXPLANATIONS[stage]),
        received_on=timezone.localdate(case.received_at),
        workdays_left=_workdays_left(case, stage, now),
        reply=case.reply if case.status in (S.REPLIED, S.CLOSED, S.ARCHIVED) else "",
        steps=_steps(place),
    )


def stage_label(stage: str) -> Promise:
    """The stage in the citizen's words (the track page, WeChat, Open311's status_notes)."""
    if stage in STEP_LABELS:
        return STEP_LABELS[stage]
    return {
        "not_accepted": pgettext_lazy("public progress", "not accepted"),
        "referred": pgettext_lazy("public progress", "passed to the responsible authority"),
        "merged": pgettext_lazy("public progress", "handled together with another case"),
        "withdrawn": pgettext_lazy("public progress", "withdrawn"),
        "suspended": pgettext_lazy("public progress", "paused"),
    }[stage]


def _steps(place: str) -> tuple[tuple[str, str, str], ...]:
    if place not in STEPS:  # ended off the path: what it reached is not told step by step
        return ()
    current = STEPS.index(place)

    def state(i: int) -> str:
        # The last step, once reached, is done: nothing more is coming.
        if i < current or (i == current and place == "closed"):
            return "done"
        return "current" if i == current else "todo"

    return tuple((step, str(STEP_LABELS[step]), state(i)) for i, step in enumerate(STEPS))


def _workdays_left(case: Case, stage: str, now: datetime) -> int | None:
    if stage not in WAITING:
        return None
    # The citizen waits on the whole case, not on a unit's share of it: the centre's deadline
    # to accept, then to handle.
    due = case.accept_due if stage == "received" else case.handle_due or case.current_due
    if due is None:
        return None
    return calendar.remaining_workdays(now, due)


def normalise_code(raw: str) -> str:
    """A tracking code as a citizen may type it (lower case, spaces, no dashes) in its stored
    form XXXX-XXXX-XXXX; anything else (a case number) trimmed."""
    compact = "".join(ch for ch in raw.upper() if ch not in " -")
    if len(compact) == 12 and compact.isalnum() and not compact.isdigit():
        return f"{compact[:4]}-{compact[4:8]}-{compact[8:]}"
    return raw.strip()


def case_for_citizen(code: str, password: str) -> Case | None:
    """The case behind a case number or tracking code, if the query password is right; None
    for an unknown code and a wrong password alike (the caller counts failures per code)."""
    code = normalise_code(code)
    if not code or not password or len(code) > 40:
        return None
    case = Case.objects.filter(Q(tracking_code=code) | Q(number=code)).first()
    if case is None or not tracking.check_password(case.query_password, password):
        return None
    return case
