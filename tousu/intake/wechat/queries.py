"""Status queries from the account: "查询 <tracking code or case number> <password>".

The answer is the portal's plain language (`cases.progress`). A wrong password and an unknown code
get the same answer; failures are counted per code by the same lockout as the portal's track
page (`cases.lockout`: ten within an hour lock the code for an hour, right password or not), one
count across both, so that guessing a password by WeChat is no easier than on the portal."""

from __future__ import annotations

import re
from datetime import datetime

from django.utils import formats
from django.utils.translation import gettext

from tousu.cases import lockout, progress

REPLY_CHARS = 400
# 查询 / 查 / cx / query, then the code, then the password; full-width spaces allowed.
QUERY = re.compile(r"^\s*(?:查询|查|cx|query)[\s:：]+(\S+)\s+(\S+)\s*$", re.IGNORECASE)
# A query without the password: told how to ask.
QUERY_WORD = re.compile(r"^\s*(?:查询|cx|query)\b", re.IGNORECASE)


def parse(text: str) -> tuple[str, str] | None:
    match = QUERY.match(text.replace("\u3000", " "))
    return (match.group(1), match.group(2)) if match else None


def looks_like_query(text: str) -> bool:
    return bool(QUERY_WORD.match(text.replace("\u3000", " ")))


def answer(code: str, password: str, now: datetime, *, count: bool = True) -> str:
    """The reply to a status query; `count=False` for a redelivered query (counted once)."""
    normal = progress.normalise_code(code)
    if lockout.is_locked(normal, now):
        return gettext(
            "Too many wrong tries for this code. Please try again in an hour, or call the centre."
        )
    case = progress.case_for_citizen(normal, password)
    if case is None:
        if count:
            lockout.record_failure(normal, now)
        return gettext(
            "No case matches this code and password. Please check them and try again: "
            "查询 <tracking code> <password>."
        )
    lockout.forget_failures(normal)
    return describe(progress.progress_of(case, now))


def describe(state: progress.Progress) -> str:
    lines = [
        gettext("Case %(number)s: %(stage)s.") % {"number": state.number, "stage": state.label},
        state.explanation,
        gettext("Received on %(date)s.")
        % {"date": formats.date_format(state.received_on, "SHORT_DATE_FORMAT")},
    ]
    if state.workdays_left is not None:
        if state.workdays_left >= 0:
            lines.append(gettext("Working days left: %(days)s.") % {"days": state.workdays_left})
        else:
            lines.append(gettext("The deadline has passed; the centre is following it up."))
    if state.reply:
        reply = state.reply
        if len(reply) > REPLY_CHARS:  # a passive reply carries at most 2048 bytes
            reply = reply[:REPLY_CHARS] + "… " + gettext("(the full reply is on the track page)")
        lines.append(gettext("Reply: %(reply)s") % {"reply": reply})
    return "\n".join(lines)
