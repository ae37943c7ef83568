"""What a WeChat message means, and the text answered to it.

- a text → a case (channel and contact `wechat`, the sender's OpenID as contact address,
  anonymous: WeChat tells no name or phone), answered with its number, tracking code and a query
  password shown this once;
- "查询 <code> <password>" → the case's progress (`queries`); "帮助"/"help" → how to complain;
- a picture → added to the case the same sender opened within `TOUSU_WECHAT_PICTURE_MINUTES`,
  else a case of its own ("图片投诉"), when pictures are fetched at all (`pictures`);
- the subscribe event → the welcome text; other events and message types → a hint, no case.
Each message counts once (`receiving.once`, keyed by its MsgId; an event by sender and time).
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext

from tousu.cases import supplement, tracking
from tousu.cases.errors import InvalidInput
from tousu.cases.models import FINAL_STATUSES, Case, Channel, ContactChannel, Kind
from tousu.cases.registration import NewCase, register
from tousu.lib import crypto
from tousu.lib.filetypes import sniff
from tousu.orgs.staff import system_user

from ..models import InboundMessage, Outcome
from ..receiving import once
from . import pictures, queries
from .messages import Malformed

log = logging.getLogger("tousu.intake")

WECHAT = Channel.WECHAT
HELP_WORDS = frozenset({"帮助", "help", "?", "？", "投诉"})
TITLE_CHARS = 40
# A redelivery (WeChat retries when the first answer took over five seconds, and the first answer
# is then lost) gets the first answer again, sealed in the cache meanwhile: it carries the
# password, which exists nowhere else in clear.
REPLY_SECONDS = 120
# An OpenID, a MsgId, a message type, an event: what WeChat sends is plain ASCII; anything else
# is no message of WeChat's (and would end up in a log line).
SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def sender_of(message: dict[str, str]) -> str:
    sender = message.get("FromUserName", "")
    if not SAFE_ID.fullmatch(sender):
        raise Malformed("no usable FromUserName")
    if not message.get("ToUserName"):
        raise Malformed("no ToUserName")
    return sender


def handle(message: dict[str, str], now: datetime) -> str:
    """The text to answer `message` with ("" for none)."""
    sender = sender_of(message)
    kind = message.get("MsgType", "")
    if not SAFE_ID.fullmatch(kind):
        raise Malformed("no usable MsgType")
    if kind == "event":
        return _event(message, sender, now)
    msg_id = message.get("MsgId", "")
    if not SAFE_ID.fullmatch(msg_id):
        raise Malformed("no usable MsgId")
    if kind == "text":
        return _text(msg_id, sender, message.get("Content", ""), now)
    if kind == "image":
        return _picture(msg_id, sender, message, now)
    once(WECHAT, msg_id, now, lambda: (Outcome.IGNORED, None, f"unsupported type {kind}"))
    log.info("wechat message %s ignored: type %s", msg_id, kind)
    return gettext(
        "Only texts and pictures are received here. Please describe your complaint in words."
    )


# --- texts ---------------------------------------------------------------------------------


def _text(msg_id: str, sender: str, content: str, now: datetime) -> str:
    asked = queries.parse(content)
    if asked is not None:
        answers: list[str] = []

        def query() -> tuple[str, Case | None, str]:
            answers.append(queries.answer(*asked, now))
            return Outcome.ANSWERED, None, "status query"

        once(WECHAT, msg_id, now, query)
        log.info("wechat message %s: status query", msg_id)
        return answers[0] if answers else queries.answer(*asked, now, count=False)
    if (
        not content.strip()
        or content.strip().lower() in HELP_WORDS
        or queries.looks_like_query(content)
    ):
        once(WECHAT, msg_id, now, lambda: (Outcome.ANSWERED, None, "help"))
        return welcome()
    password = tracking.new_password()
    new = _new_case(sender, _title(content), content, password)
    handled = once(WECHAT, msg_id, now, lambda: _registering(new, now))
    return _receipt_answer(msg_id, handled.case_id, handled.first, password, handled.outcome)


def _title(content: str) -> str:
    first_line = next((line.strip() for line in content.splitlines() if line.strip()), "")
    if len(first_line) <= TITLE_CHARS:
        return first_line
    return first_line[: TITLE_CHARS - 1] + "…"


def _new_case(sender: str, title: str, content: str, password: str) -> NewCase:
    return NewCase(
        kind=Kind.COMPLAINT,
        channel=WECHAT,
        title=title,
        content=content,
        anonymous=True,
        contact_channel=ContactChannel.WECHAT,
        contact_address=sender,
        query_password=password,
    )


def _registering(new: NewCase, now: datetime) -> tuple[str, Case | None, str]:
    try:
        case = register(new, actor=system_user(), now=now)
    except InvalidInput as exc:
        if "centre" in exc.fields:  # no centre takes the public's cases: ours to mend, not theirs
            raise
        return Outcome.REJECTED, None, "invalid: " + ",".join(sorted(exc.fields))
    return Outcome.REGISTERED, case, ""


def _receipt_answer(
    msg_id: str, case_id: int | None, first: bool, password: str, outcome: str
) -> str:
    if case_id is None:
        log.info("wechat message %s: %s", msg_id, outcome)
        return gettext(
            "We could not register your message. Please describe the matter in words, in at "
            "most %(max)s characters."
        ) % {"max": settings.TOUSU_TEXT_MAX_CHARS}
    case = Case.objects.only("number", "tracking_code").get(pk=case_id)
    key = f"wechat-reply:{msg_id}"
    if first:
        reply = receipt(case, password)
        cache.set(key, crypto.encrypt(reply, context=key), timeout=REPLY_SECONDS)
        log.info("wechat message %s: case %s %s", msg_id, case.number, outcome)
        return reply
    sealed = cache.get(key)
    log.info("wechat message %s again: case %s", msg_id, case.number)
    if sealed is not None:
        try:
            return crypto.decrypt(sealed, context=key)
        except crypto.DecryptionError:
            pass
    return receipt(case, None)


def receipt(case: Case, password: str | None) -> str:
    lines = [
        gettext("Your case has been registered."),
        gettext("Case number: %(number)s") % {"number": case.number},
        gettext("Tracking code: %(code)s") % {"code": case.tracking_code},
    ]
    if password:
        lines.append(
            gettext("Query password: %(password)s (shown only this once: please keep it)")
            % {"password": password}
        )
    else:
        lines.append(gettext("The query password was given in our first answer."))
    lines.append(
        gettext("To see its progress, send: 查询 %(code)s <password>")
        % {"code": case.tracking_code}
    )
    return "\n".join(lines)


def welcome() -> str:
    if settings.TOUSU_WECHAT_PICTURES in ("", "off"):
        pictures_line = gettext(
            "Pictures cannot be received here: add them on the portal's track page."
        )
    else:
        pictures_line = gettext(
            "Pictures sent within %(minutes)s minutes after it are added to that case."
        ) % {"minutes": settings.TOUSU_WECHAT_PICTURE_MINUTES}
    return "\n".join(
        [
            gettext(
                "Welcome. To complain, send us a text describing the matter: what, where, when."
            ),
            gettext(
                "Each text becomes a case; you receive its number, a tracking code and a password."
            ),
            pictures_line,
            gettext("To see a case's progress, send: 查询 <tracking code> <password>"),
        ]
    )


# --- events --------------------------------------------------------------------------------


def _event(message: dict[str, str], sender: str, now: datetime) -> str:
    event = message.get("Event", "").lower()
    created = message.get("CreateTime", "")
    if not created.isdigit() or len(created) > 12 or not SAFE_ID.fullmatch(event):
        raise Malformed("no usable CreateTime or Event")
    # Events carry no MsgId: WeChat's own advice is to tell them apart by sender and time.
    event_id = f"event:{sender}:{created}:{event}"
    if event == "subscribe":
        once(WECHAT, event_id, now, lambda: (Outcome.ANSWERED, None, "subscribe: welcome"))
        return welcome()
    once(WECHAT, event_id, now, lambda: (Outcome.IGNORED, None, f"event {event}"))
    return ""


# --- pictures ------------------------------------------------------------------------------


def _picture(msg_id: str, sender: str, message: dict[str, str], now: datetime) -> str:
    earlier = InboundMessage.objects.filter(channel=WECHAT, message_id=msg_id).first()
    if earlier is not None:  # a redelivery: fetch nothing again
        return _picture_answer(earlier.outcome, earlier.case_id, msg_id, first=False, password="")
    source = pictures.fetcher()
    media_id = message.get("MediaId", "")[:128]
    data = source.fetch(message.get("PicUrl", ""), media_id) if source is not None else None
    recent = _recent_case(sender, now)
    if data is None:
        note = "picture not fetched" if source is not None else "pictures are not fetched"
        once(WECHAT, msg_id, now, lambda: (Outcome.IGNORED, None, note))
        log.info("wechat message %s: %s", msg_id, note)
        return _picture_not_taken(recent)
    password = tracking.new_password()
    title = gettext("Complaint by picture")
    content = gettext("The citizen sent a picture by WeChat, without words.")
    new = _new_case(sender, title, content, password)

    def adding() -> tuple[str, Case | None, str]:
        kind = sniff(data)
        if kind is None or not kind[0].startswith("image/"):
            return Outcome.REJECTED, None, "not a picture by its content"
        if len(data) > settings.TOUSU_ATTACHMENT_MAX_BYTES:
            return Outcome.REJECTED, None, "picture too large"
        # Still open? (It may have been closed since it was found, outside this transaction.)
        target = (
            Case.objects.exclude(status__in=FINAL_STATUSES).filter(pk=recent.pk).first()
            if recent is not None
            else None
        )
        files = [(f"wechat-{msg_id}.{kind[1]}", data)]
        if target is None:  # a case of its own, the picture its first file
            target = register(new, actor=system_user(), now=now)
            supplement.files_received(target, now=now, files=files)
            return Outcome.REGISTERED, target, ""
        supplement.add_material(target, now=now, channel=WECHAT, files=files)
        return Outcome.ADDED, target, ""

    handled = once(WECHAT, msg_id, now, adding)
    return _picture_answer(handled.outcome, handled.case_id, msg_id, first=True, password=password)


def _recent_case(sender: str, now: datetime) -> Case | None:
    """The open case this sender registered by WeChat within the picture window, if any. The
    contact address is sealed, so the few recent WeChat cases are opened and compared."""
    since = now - timedelta(minutes=settings.TOUSU_WECHAT_PICTURE_MINUTES)
    candidates = (
        Case.objects.filter(
            channel=WECHAT, contact_channel=ContactChannel.WECHAT, registered_at__gte=since
        )
        .exclude(status__in=FINAL_STATUSES)
        .order_by("-registered_at", "-pk")[:500]
    )
    return next((case for case in candidates if case.contact_address == sender), None)


def _picture_answer(
    outcome: str, case_id: int | None, msg_id: str, *, first: bool, password: str
) -> str:
    if outcome == Outcome.REGISTERED and case_id is not None:
        answer = _receipt_answer(msg_id, case_id, first, password, outcome)
        return (
            answer
            + "\n"
            + gettext(
                "To add words to this case, use the portal's track page with your code and "
                "password."
            )
        )
    if outcome == Outcome.ADDED and case_id is not None:
        number = Case.objects.values_list("number", flat=True).get(pk=case_id)
        log.info("wechat message %s: picture added to case %s", msg_id, number)
        return gettext("Your picture has been added to case %(number)s.") % {"number": number}
    if outcome == Outcome.REJECTED:
        log.info("wechat message %s rejected: not a usable picture", msg_id)
        return gettext("We could not take this picture. Please send a photo (JPEG or PNG).")
    return _picture_not_taken(None)


def _picture_not_taken(recent: Case | None) -> str:
    if recent is not None:
        return gettext(
            "Pictures cannot be received here. You can add them to case %(number)s on the "
            "portal's track page with your tracking code and password."
        ) % {"number": recent.number}
    return gettext(
        "Pictures cannot be received here. Please describe your complaint in words; you can "
        "add pictures to your case on the portal's track page."
    )
