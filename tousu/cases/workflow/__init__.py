"""The case workflow: the transition table and one function per verb — the only write path.

Every verb: checks the status (NotAllowed → 409), the actor's right (Forbidden → 403), validates
its input (InvalidInput → 422), then in one transaction does a guarded update
(`filter(pk, status, version).update(...)`: zero rows means someone else acted first → Conflict),
appends a CaseEvent and writes its side rows. Deadlines are recomputed on every transition, and
the open transfer's own due date follows the case's `unit_due` (`_write`, the one place).
Time is always passed in as `now`.

Each event records what a replay of the deadlines needs (`cases.recompute`): the periods used
(`handle_days`, `unit_days`, `accept_days`) and whether a dispatch date was the dispatcher's
choice (`due_chosen`). The unit's result and the reply keep their text on their events, so rework
never loses an earlier version (`cases.timeline` reads them).

CaseEvent has exactly two other writers, both outside the status machine because they change no
status and need no guarded update: `cases.attachments.attach` ("attach": a file added to the case)
and `cases.disclosure.reveal_identity` ("reveal_identity": one person looks at the unmasked
complainant, with a reason). Everything else that writes a case goes through this package.

The package: `table` (TRANSITIONS, READY, available_verbs), `machinery` (the checks and the one
guarded write every verb shares), and the verbs by stage of the loop: `intake` (受理),
`transfer` (转办/自办, 签批), `unit` (签收, 退单, 延期, 办结), `closing` (审核, 答复, 回访,
回访抽查, 归档), `special` (中止, 并案, reopen, 撤诉, disclosure) and `supervision` (预警, 催办,
督办, 督办回复; the automatic ones by the `system` actor, see docs/supervision.md). Callers use
`workflow.<verb>` or `workflow.VERBS`. The supervision pass writes its automatic warnings,
reminders and escalations in batches (`warn_many`, `remind_many`, `escalate_many`): the same
checks, guard and events as the verbs, a few statements per batch instead of a few per case.
"""

from __future__ import annotations

from collections.abc import Callable

from ..models import Case
from .closing import archive, callback, decide, draw_for_recheck, recheck, reply, review
from .intake import accept, refer, reject
from .machinery import _reason, correct_deadlines
from .special import disclose_identity, merge, reopen, resume, suspend, withdraw
from .supervision import (
    MAX_ANSWER_DAYS_AHEAD,
    answer_escalation,
    escalate,
    escalate_many,
    remind,
    remind_many,
    warn,
    warn_many,
)
from .table import ACTIVE, READY, SAME, TRANSITIONS, Transition, available_verbs
from .transfer import MAX_DUE_DAYS_AHEAD, approve, dispatch, self_handle
from .unit import (
    MAX_EXTENSION_DAYS,
    decide_extension,
    request_extension,
    return_case,
    sign,
    submit_result,
)

VERBS: dict[str, Callable[..., Case]] = {
    "accept": accept,
    "reject": reject,
    "refer": refer,
    "dispatch": dispatch,
    "self_handle": self_handle,
    "approve": approve,
    "sign": sign,
    "return": return_case,
    "request_extension": request_extension,
    "decide_extension": decide_extension,
    "submit_result": submit_result,
    "review": review,
    "reply": reply,
    "callback": callback,
    "decide": decide,
    "archive": archive,
    "suspend": suspend,
    "resume": resume,
    "merge": merge,
    "reopen": reopen,
    "withdraw": withdraw,
    "disclose_identity": disclose_identity,
    "warn": warn,
    "remind": remind,
    "escalate": escalate,
    "answer_escalation": answer_escalation,
    "draw_for_recheck": draw_for_recheck,
    "recheck": recheck,
}
assert set(VERBS) == set(TRANSITIONS), "every verb needs a transition row and a function"

__all__ = [
    "ACTIVE",
    "MAX_ANSWER_DAYS_AHEAD",
    "MAX_DUE_DAYS_AHEAD",
    "MAX_EXTENSION_DAYS",
    "READY",
    "SAME",
    "TRANSITIONS",
    "VERBS",
    "Transition",
    "_reason",
    "accept",
    "answer_escalation",
    "approve",
    "archive",
    "available_verbs",
    "callback",
    "correct_deadlines",
    "decide",
    "decide_extension",
    "disclose_identity",
    "dispatch",
    "draw_for_recheck",
    "escalate",
    "escalate_many",
    "merge",
    "recheck",
    "refer",
    "reject",
    "remind",
    "remind_many",
    "reopen",
    "reply",
    "request_extension",
    "resume",
    "return_case",
    "review",
    "self_handle",
    "sign",
    "submit_result",
    "suspend",
    "warn",
    "warn_many",
    "withdraw",
]
