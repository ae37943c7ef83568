"""Reading the centre's mailbox over IMAP (the standard library's `imaplib`: the channel needs
five commands — LOGIN, SELECT, UID SEARCH, UID FETCH, UID STORE — and no dependency for them).

Each unread message is fetched without marking it read (`BODY.PEEK[]`), handled — its
`InboundMessage` row committed with what it caused — and only then flagged `\\Seen`. A poller
killed between the two leaves the message unread; the next poll reads it again, finds its row
and flags it, changing nothing else. The mailbox must be the poller's alone: a person reading it
in a mail client marks messages read before the poller sees them."""

from __future__ import annotations

import imaplib
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from typing import Any

from django.conf import settings

from tousu.intake.models import Outcome
from tousu.intake.receiving import once

from .handling import CHANNEL, receive
from .parsing import key_of

log = logging.getLogger("tousu.intake.email")
SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


class MailboxError(Exception):
    """The server refused a command (login, folder): the poll stops, the mail waits."""


def poll(now: datetime, *, limit: int | None = None) -> int:
    """Handle up to `limit` (TOUSU_MAIL_BATCH) unread messages; returns how many were handled.
    Does nothing while TOUSU_MAIL_IMAP_HOST is empty."""
    if not settings.TOUSU_MAIL_IMAP_HOST:
        return 0
    batch = limit if limit is not None else settings.TOUSU_MAIL_BATCH
    handled = 0
    with connected() as box:
        uids = _unseen(box)[:batch]
        for uid, size in _sizes(box, uids):
            # The server's trouble (a lost connection) ends the poll: the rest waits for the next.
            too_large = size > settings.TOUSU_MAIL_MAX_BYTES
            raw = _fetch(box, uid, "BODY.PEEK[HEADER]" if too_large else "BODY.PEEK[]")
            try:
                if too_large:
                    _too_large(raw, size, now)
                else:
                    receive(raw, now)
            except Exception:
                # Nothing of it was kept (one transaction): it stays unread and comes again;
                # the messages after it are not held up by it.
                log.exception("mail uid %s: failed, left unread for the next poll", uid)
                continue
            mark_seen(box, uid)
            handled += 1
    return handled


@contextmanager
def connected() -> Iterator[imaplib.IMAP4]:
    host, port = settings.TOUSU_MAIL_IMAP_HOST, settings.TOUSU_MAIL_IMAP_PORT
    timeout = settings.TOUSU_MAIL_IMAP_TIMEOUT
    box: imaplib.IMAP4
    if settings.TOUSU_MAIL_IMAP_SSL:
        box = imaplib.IMAP4_SSL(host, port, timeout=timeout)
    else:
        box = imaplib.IMAP4(host, port, timeout=timeout)
    try:
        _ok(box.login(settings.TOUSU_MAIL_IMAP_USER, settings.TOUSU_MAIL_IMAP_PASSWORD), "login")
        folder = settings.TOUSU_MAIL_IMAP_FOLDER.replace("\\", "\\\\").replace('"', '\\"')
        _ok(box.select(f'"{folder}"'), "select folder")
        yield box
    finally:
        with suppress(imaplib.IMAP4.error, OSError):  # the connection may be gone already
            box.logout()


def mark_seen(box: imaplib.IMAP4, uid: str) -> None:
    """Flag a handled message read: after its row committed, never before."""
    _ok(box.uid("STORE", uid, "+FLAGS.SILENT", "(\\Seen)"), "flag as read")


def _ok(answer: tuple[str, Sequence[Any]], what: str) -> Sequence[Any]:
    status, data = answer
    if status != "OK":
        raise MailboxError(f"IMAP {what}: {status}")
    return data


def _unseen(box: imaplib.IMAP4) -> list[str]:
    data = _ok(box.uid("SEARCH", "UNSEEN"), "search")
    found = data[0] if data and isinstance(data[0], bytes) else b""
    return [uid.decode() for uid in sorted(found.split(), key=int)]


def _sizes(box: imaplib.IMAP4, uids: list[str]) -> list[tuple[str, int]]:
    """Each message's size, asked for the batch at once (a huge one is never fetched)."""
    if not uids:
        return []
    data = _ok(box.uid("FETCH", ",".join(uids), "(RFC822.SIZE)"), "fetch sizes")
    sizes: dict[str, int] = {}
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        if not isinstance(line, bytes):
            continue
        uid, size = re.search(rb"UID (\d+)", line), SIZE.search(line)
        if uid and size:
            sizes[uid.group(1).decode()] = int(size.group(1))
    return [(uid, sizes.get(uid, 0)) for uid in uids]


def _fetch(box: imaplib.IMAP4, uid: str, part: str) -> bytes:
    data = _ok(box.uid("FETCH", uid, f"({part})"), "fetch")
    for item in data:
        if isinstance(item, tuple) and isinstance(item[1], bytes):
            return item[1]
    return b""


def _too_large(header: bytes, size: int, now: datetime) -> None:
    key = key_of(header)
    log.warning("mail %s: ignored, %s bytes is over TOUSU_MAIL_MAX_BYTES", key, size)
    once(CHANNEL, key, now, lambda: (Outcome.IGNORED, None, f"too large ({size} bytes)"))
