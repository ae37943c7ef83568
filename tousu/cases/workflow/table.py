"""The transition table: which verb may leave which status for which, and what else it needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext_noop

from tousu.orgs.staff import staff_of

from ..disclosure import transfer_to_disclose
from ..models import (
    FINAL_STATUSES,
    Case,
    Escalation,
    EscalationState,
    Status,
)
from ..rights import may

S = Status
ACTIVE = frozenset(
    {S.ACCEPTED, S.PENDING_APPROVAL, S.DISPATCHED, S.HANDLING, S.RESULT_SUBMITTED, S.REVIEWED}
)


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    targets: frozenset[str]  # where the verb can lead; `same` means the status does not change


def _t(sources: set[str] | frozenset[str], *targets: str) -> Transition:
    return Transition(frozenset(sources), frozenset(targets))


SAME = "same"
# The closed loop: 登记 → 受理/不予受理/转出 → 自办/转办(签批) → 签收/退单 → 办理(延期) → 办结
# → 审核 → 答复 → 回访 → 归档; plus suspend, merge, reopen, withdraw.
TRANSITIONS: dict[str, Transition] = {
    "accept": _t({S.REGISTERED}, S.ACCEPTED),
    "reject": _t({S.REGISTERED}, S.NOT_ACCEPTED),
    "refer": _t({S.REGISTERED, S.ACCEPTED}, S.REFERRED),
    "dispatch": _t({S.ACCEPTED}, S.DISPATCHED, S.PENDING_APPROVAL),
    "self_handle": _t({S.ACCEPTED}, S.HANDLING, S.PENDING_APPROVAL),
    "approve": _t({S.PENDING_APPROVAL}, S.DISPATCHED, S.HANDLING, S.ACCEPTED),
    "sign": _t({S.DISPATCHED}, S.HANDLING),
    "return": _t({S.DISPATCHED, S.HANDLING}, S.ACCEPTED),
    "request_extension": _t({S.HANDLING}, SAME),
    "decide_extension": _t({S.HANDLING}, SAME),
    "submit_result": _t({S.HANDLING}, S.RESULT_SUBMITTED),
    "review": _t({S.RESULT_SUBMITTED}, S.REVIEWED, S.HANDLING),
    "reply": _t({S.REVIEWED}, S.REPLIED),
    # Unreachable: the case stays replied until the last attempt 联系不上.
    "callback": _t({S.REPLIED}, S.CLOSED, S.HANDLING, S.PENDING_DECISION, S.REPLIED),
    "decide": _t({S.PENDING_DECISION}, S.CLOSED, S.HANDLING),
    "archive": _t({S.CLOSED}, S.ARCHIVED),
    "suspend": _t(ACTIVE, S.SUSPENDED),
    "resume": _t({S.SUSPENDED}, *ACTIVE),
    "merge": _t({S.REGISTERED, S.ACCEPTED}, S.MERGED),
    "reopen": _t(
        {S.NOT_ACCEPTED, S.REFERRED, S.WITHDRAWN, S.CLOSED, S.ARCHIVED}, S.REGISTERED, S.ACCEPTED
    ),
    "withdraw": _t({S.REGISTERED, S.SUSPENDED} | ACTIVE, S.WITHDRAWN),
    "disclose_identity": _t(set(S.values) - FINAL_STATUSES, SAME),
    # Supervision 督办 (while a clock runs; the status never changes): 预警, 催办, 督办, 督办回复.
    # While replied, the clock that runs is the callback's 回访: it is warned of and chased too.
    "warn": _t({S.REGISTERED, S.REPLIED} | ACTIVE, SAME),
    "remind": _t(ACTIVE | {S.REPLIED}, SAME),
    "escalate": _t(ACTIVE, SAME),
    "answer_escalation": _t(set(S.values) - FINAL_STATUSES, SAME),
    # 回访抽查: the daily draw marks a closed case, a supervisor or clerk re-checks it.
    "draw_for_recheck": _t({S.CLOSED}, SAME),
    "recheck": _t({S.CLOSED}, SAME),
}


# Conditions beyond the status, for verbs that do not change it. The messages are only marked
# for translation here; they are translated when raised, in the language of the request.
READY: dict[str, tuple[Callable[[Case], bool], str]] = {
    "request_extension": (
        lambda c: not c.extension_pending,
        gettext_noop("an extension request is already waiting for a decision"),
    ),
    "decide_extension": (
        lambda c: c.extension_pending,
        gettext_noop("no extension request is waiting for a decision"),
    ),
    "disclose_identity": (
        lambda c: transfer_to_disclose(c) is not None,
        gettext_noop(
            "there is no identity to disclose: the case is anonymous, no unit holds it, "
            "or its unit was told already"
        ),
    ),
    "answer_escalation": (
        lambda c: Escalation.objects.filter(case=c, state=EscalationState.OPEN).exists(),
        gettext_noop("no escalation of this case is waiting for an answer"),
    ),
    "draw_for_recheck": (
        lambda c: c.recheck_drawn_at is None,
        gettext_noop("this case was drawn for a re-check already"),
    ),
    "recheck": (
        lambda c: c.recheck_drawn_at is not None and c.rechecked_at is None,
        gettext_noop("this case is not waiting for a re-check"),
    ),
    # A case drawn for the re-check is archived once it was re-checked.
    "archive": (
        lambda c: c.recheck_drawn_at is None or c.rechecked_at is not None,
        gettext_noop("this case waits for its quality re-check before it is archived"),
    ),
}


def _ready(verb: str, case: Case) -> bool:
    return case.status in TRANSITIONS[verb].sources and (verb not in READY or READY[verb][0](case))


def available_verbs(user: Any, case: Case, now: datetime) -> list[str]:
    """The verbs this user may apply to this case now (what a UI offers)."""
    staff = staff_of(user)
    # The right first: it costs no query, where a readiness condition may (an open escalation).
    return [
        verb
        for verb in TRANSITIONS
        if case.status in TRANSITIONS[verb].sources
        and may(verb, staff, case, now)
        and _ready(verb, case)
    ]
