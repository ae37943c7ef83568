"""Answering the citizen on their own channel.

A case that came with a contact (`Case.contact_channel`/`contact_address`: the sender of an
e-mail, a WeChat account, the phone or e-mail a portal user chose) is answered there — by e-mail,
SMS or WeChat; any other case as before, by SMS to the complainant's phone, and not at all when
there is neither. What the messages say is the same whatever the channel (`fanout.
complainant_context`: the number, the tracking code, the reason or the reply, never a name of
staff); an e-mail to a citizen who wrote by e-mail also answers their first message, so that it
joins the thread in their mail client and their reply names the case."""

from __future__ import annotations

from typing import Any

from tousu.cases.models import Case, ContactChannel

from . import recipients
from .models import Channel

# The contact channels and the outbox channel each is answered on (the same names today).
CHANNEL_OF = {
    ContactChannel.SMS: Channel.SMS,
    ContactChannel.EMAIL: Channel.EMAIL,
    ContactChannel.WECHAT: Channel.WECHAT,
}
# The key of the e-mail headers in an outbox row's context (read by channels/email.py).
EMAIL_HEADERS = "email_headers"


def contact_of(case: Case) -> tuple[str, str] | None:
    """(outbox channel, address) the case's messages to the citizen go to, or None."""
    channel = CHANNEL_OF.get(case.contact_channel)  # type: ignore[call-overload]
    address = case.contact_address.strip() if channel else ""
    if channel and address:
        return channel, address
    phone = recipients.complainant_phone(case)
    return (Channel.SMS, phone) if phone else None


def channel_context(case: Case, channel: str) -> dict[str, Any]:
    """What the channel needs besides the message's own variables: for an e-mail to the sender
    of the case's first e-mail, the headers that put it in that thread."""
    first = case.external_id if case.channel == "email" else ""
    if channel != Channel.EMAIL or not (first.startswith("<") and first.endswith(">")):
        return {}
    return {EMAIL_HEADERS: {"In-Reply-To": first, "References": first}}
