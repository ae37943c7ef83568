"""What the citizen does to their own case without an account: withdraw it 撤诉 and rate the
reply 自助回访 (material they add is `cases.supplement`).

The citizen is no member of staff, so `rights` has no rule for them: whoever calls these proved
that the case is theirs (the portal's track page: the tracking code and its query password). The
`system` actor writes the events, as it registers what the public channels bring, and each event
says `"by": "citizen"` and the channel it came through.

Both are the workflow's own verbs — `withdraw` and `callback` — with the same status checks, and
the very same write (`special._withdrawn`, `closing._rated`: guarded update, side rows,
outcomes) as when staff apply them; only the right check differs. A citizen's rating is never
"unreachable": that is what a callback attempt that found nobody records.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext

from tousu.orgs.staff import system_user

from .errors import InvalidInput, NotAllowed
from .models import Case, Channel, Satisfaction
from .workflow.closing import _rated
from .workflow.machinery import _text
from .workflow.special import _withdrawn
from .workflow.table import TRANSITIONS, S

# What the citizen may answer when asked how satisfied they are.
RATINGS = (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED, Satisfaction.DISSATISFIED)


def may_withdraw(case: Case) -> bool:
    return case.status in TRANSITIONS["withdraw"].sources


def may_rate(case: Case) -> bool:
    return case.status in TRANSITIONS["callback"].sources


def _by(channel: str) -> dict[str, Any]:
    if channel not in Channel.values:
        raise InvalidInput.one("channel", gettext("is not a known channel"))
    return {"by": "citizen", "channel": channel}


def _not_now(case: Case) -> NotAllowed:
    return NotAllowed(
        gettext("this cannot be done while the case is '%(status)s'")
        % {"status": S(case.status).label},
        status=case.status,
    )


def withdraw(case: Case, *, now: datetime, reason: Any, channel: str = Channel.WEB) -> Case:
    """撤诉 by the citizen: the `withdraw` verb's write (any open transfer cancelled, a pending
    extension request closed), the reason as the event's note."""
    if not may_withdraw(case):
        raise _not_now(case)
    why = _text(reason, "reason")
    return _withdrawn(case, actor=system_user(), now=now, reason=why, data=_by(channel))


def rate(
    case: Case, *, now: datetime, satisfaction: Any, note: Any = "", channel: str = Channel.WEB
) -> Case:
    """自助回访: the citizen's own answer to the callback, with the `callback` verb's outcomes —
    satisfied (or basically) closes the case; dissatisfied the first time sends it back to the
    unit that handled it, the second time to the leaders' decision."""
    if not may_rate(case):
        raise _not_now(case)
    if satisfaction not in RATINGS:
        raise InvalidInput.one(
            "satisfaction", gettext("must be one of %(choices)s") % {"choices": ", ".join(RATINGS)}
        )
    text = _text(note, "note", required=False)
    return _rated(
        case, actor=system_user(), now=now, satisfaction=satisfaction, note=text, data=_by(channel)
    )
