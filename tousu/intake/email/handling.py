"""One received e-mail → what it causes: a new case, material for the case whose thread it
answers, or nothing (a machine wrote it, it is empty, it cannot be read) — exactly once.

A message answers a case's thread when its In-Reply-To/References name an earlier message of
that case (one the channel received, or the case's first message, its `external_id`), or its
subject carries the case's number in brackets ("Re: [260300042] …", as the acknowledgement's
subject does). Either way it is added to the case only when it comes from the case's own contact
address: a case number is no secret, and a stranger must not slip material into someone's case —
such a message becomes a case of its own. So does an answer to a closed case, which takes no
more material: the citizen is heard either way.

The sender is registered anonymous, the address kept (sealed) as the case's contact: an
e-mail's display name is whatever the sender's client says — a nickname, an organisation, often
nothing — and is no identity the centre could protect or reveal as a complainant's."""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext, override

from tousu.cases.errors import AlreadyRegistered, InvalidInput, NotAllowed
from tousu.cases.models import FINAL_STATUSES, Case, Channel, ContactChannel, Kind
from tousu.cases.registration import NewCase, register
from tousu.cases.supplement import add_material, files_received
from tousu.intake.models import InboundMessage, Outcome
from tousu.intake.receiving import Handled, once
from tousu.lib.filetypes import sniff
from tousu.orgs.staff import system_user

from .parsing import Mail, parse, without_quote

log = logging.getLogger("tousu.intake.email")
CHANNEL = Channel.EMAIL
NUMBER_IN_SUBJECT = re.compile(r"\[\s*([A-Za-z0-9][A-Za-z0-9_-]{2,31})\s*\]")
TITLE_MAX = 200


def receive(raw: bytes, now: datetime) -> Handled:
    """Handle one raw message (RFC 5322 bytes) once; a second delivery changes nothing."""
    try:
        mail = parse(raw)
    except Exception:  # whatever the parser trips on, the message is unreadable
        return _unreadable(raw, now)
    handled = once(CHANNEL, mail.key, now, lambda: _handle(mail, now))
    if not handled.first:
        log.info("mail %s: handled before (%s)", mail.key, handled.outcome)
    return handled


def _unreadable(raw: bytes, now: datetime) -> Handled:
    key = "sha256:" + hashlib.sha256(raw).hexdigest()
    log.warning("mail %s: rejected, cannot be parsed", key)
    return once(CHANNEL, key, now, lambda: (Outcome.REJECTED, None, "cannot be parsed"))


def _handle(mail: Mail, now: datetime) -> tuple[str, Case | None, str]:
    if mail.machine:
        log.info("mail %s: ignored, %s", mail.key, mail.machine)
        return Outcome.IGNORED, None, mail.machine
    files, dropped = _files(mail)
    thread = _thread_case(mail)
    if thread is not None and thread.status not in FINAL_STATUSES:
        return _add_to(thread, mail, files, dropped, now)
    if not mail.text.strip() and not files:
        log.info("mail %s: ignored, empty", mail.key)
        return Outcome.IGNORED, None, "empty"
    return _register(mail, files, dropped, now, closed=thread)


# --- the files -----------------------------------------------------------------------------------


def _files(mail: Mail) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The parts kept as the case's files, and why each of the others was dropped (the reason,
    never the file's name: it may say who sent it)."""
    kept: list[tuple[str, bytes]] = []
    dropped: list[str] = []
    limit = settings.TOUSU_ATTACHMENT_MAX_BYTES
    for name, data in mail.files:
        if not data:
            dropped.append("empty")
        elif len(data) > limit:
            dropped.append("too large")
        elif sniff(data) is None:
            dropped.append("type not accepted")
        elif len(kept) >= settings.TOUSU_MAIL_MAX_FILES:
            dropped.append("too many files")
        else:
            kept.append((name, data))
    return kept, dropped


def _dropped_note(dropped: list[str]) -> str:
    """A line for the staff reading the case: files the message had and the case has not."""
    if not dropped:
        return ""
    with override(settings.LANGUAGE_CODE):  # the centre's language, whatever the worker runs in
        return gettext(
            "(%(count)s attachment(s) of the e-mail were not kept: too large, too many, or of a "
            "type not accepted.)"
        ) % {"count": len(dropped)}


def _summary(dropped: list[str]) -> str:
    return f"{len(dropped)} part(s) dropped: {', '.join(sorted(set(dropped)))}" if dropped else ""


# --- a thread ------------------------------------------------------------------------------------


def _thread_case(mail: Mail) -> Case | None:
    """The case this message answers, if it comes from that case's contact address."""
    case = _case_by_reference(mail.thread) or _case_by_subject(mail.subject)
    if case is None:
        return None
    if not mail.sender or case.contact_channel != ContactChannel.EMAIL:
        return None
    if case.contact_address.strip().lower() != mail.sender.lower():
        log.info("mail %s: names case %s but not from its contact", mail.key, case.number)
        return None
    return case


def _case_by_reference(ids: list[str]) -> Case | None:
    if not ids:
        return None
    earlier = dict(
        InboundMessage.objects.filter(
            channel=CHANNEL, message_id__in=ids, case__isnull=False
        ).values_list("message_id", "case_id")
    )
    for message_id in ids:  # the nearest ancestor the channel knows
        if message_id in earlier:
            return Case.objects.filter(pk=earlier[message_id]).first()
    return Case.objects.filter(channel=CHANNEL, external_id__in=ids).order_by("pk").first()


def _case_by_subject(subject: str) -> Case | None:
    numbers = NUMBER_IN_SUBJECT.findall(subject)
    if not numbers:
        return None
    return Case.objects.filter(number__in=numbers[:5]).order_by("-pk").first()


def _add_to(
    case: Case, mail: Mail, files: list[tuple[str, bytes]], dropped: list[str], now: datetime
) -> tuple[str, Case | None, str]:
    text = without_quote(mail.text)
    note = _dropped_note(dropped)
    text = f"{text}\n\n{note}".strip() if note else text
    if not text and not files:
        log.info("mail %s: ignored, an empty answer in the thread of %s", mail.key, case.number)
        return Outcome.IGNORED, case, "empty answer"
    try:
        add_material(
            case, now=now, channel=CHANNEL, text=text[: settings.TOUSU_TEXT_MAX_CHARS], files=files
        )
    except (InvalidInput, NotAllowed) as exc:
        log.info("mail %s: rejected for %s (%s)", mail.key, case.number, ", ".join(_fields(exc)))
        return Outcome.REJECTED, case, "invalid: " + ", ".join(_fields(exc))
    log.info("mail %s: added to %s (%s file(s))", mail.key, case.number, len(files))
    return Outcome.ADDED, case, _summary(dropped)


# --- a new case ----------------------------------------------------------------------------------


def _register(
    mail: Mail,
    files: list[tuple[str, bytes]],
    dropped: list[str],
    now: datetime,
    *,
    closed: Case | None,
) -> tuple[str, Case | None, str]:
    new = _new_case(mail, dropped)
    try:
        case = _register_answerable(new, now)
    except AlreadyRegistered as exc:  # the first message of a case, under another key
        log.info("mail %s: ignored, its case exists already", mail.key)
        return Outcome.IGNORED, Case.objects.filter(pk=exc.case_id).first(), "already registered"
    except InvalidInput as exc:
        log.info("mail %s: rejected (%s)", mail.key, ", ".join(_fields(exc)))
        return Outcome.REJECTED, None, "invalid: " + ", ".join(_fields(exc))
    files_received(case, now=now, files=files)
    note = _summary(dropped)
    if closed is not None:
        note = f"answers closed case {closed.number}; {note}".rstrip("; ")
    log.info("mail %s: registered %s (%s file(s))", mail.key, case.number, len(files))
    return Outcome.REGISTERED, case, note


def _register_answerable(new: NewCase, now: datetime) -> Case:
    """Register; if only the sender's address is refused (a malformed From), register without
    it — the matter still counts, there is just no one to answer."""
    try:
        return register(new, actor=system_user(), now=now)
    except InvalidInput as exc:
        if set(exc.fields) - {"contact_address", "contact_channel"}:
            raise
        new.contact_channel = new.contact_address = ""
        return register(new, actor=system_user(), now=now)


def _new_case(mail: Mail, dropped: list[str]) -> NewCase:
    with override(settings.LANGUAGE_CODE):
        content = mail.text.strip() or gettext("(see the attached files)")
        note = _dropped_note(dropped)
        title = _title(mail)
    if note:
        content = f"{content}\n\n{note}"
    limit = settings.TOUSU_TEXT_MAX_CHARS
    if len(content) > limit:
        content = content[: limit - 1] + "…"
    return NewCase(
        kind=Kind.COMPLAINT,
        channel=CHANNEL,
        title=title,
        content=content,
        anonymous=True,
        # The case's first message: the acknowledgement and every later message to the citizen
        # answer it (In-Reply-To), and the citizen's replies name it (References).
        external_id=mail.message_id if len(mail.message_id) <= 100 else "",
        contact_channel=ContactChannel.EMAIL if mail.sender else "",
        contact_address=mail.sender[:200],
    )


def _title(mail: Mail) -> str:
    subject = NUMBER_IN_SUBJECT.sub("", mail.subject).strip()
    subject = re.sub(r"^((re|fw|fwd|回复|答复|转发)\s*[::]\s*)+", "", subject, flags=re.I).strip()
    if not subject:
        first_line = next((line.strip() for line in mail.text.split("\n") if line.strip()), "")
        subject = first_line[:60] or gettext("E-mail without a subject")
    return subject[:TITLE_MAX]


def _fields(exc: InvalidInput | NotAllowed) -> list[str]:
    return sorted(exc.fields) if isinstance(exc, InvalidInput) else [exc.code]
