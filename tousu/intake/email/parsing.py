"""An e-mail as the channel needs it: who wrote (the address to answer), what about (subject,
text, files), which thread it answers, and whether a machine sent it (auto-reply, bounce).

Parsing never raises on a message a mail server accepted: headers it cannot read count as
missing, a body in an unknown charset is decoded as GB18030 (the superset of what Chinese mail
clients send), falling back to replacement characters. Only the caller's hash of the raw bytes
identifies a message without a usable Message-ID."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser
from typing import Any

# Subjects of vacation notices and other automatic answers (RFC 3834 says to mark them with
# Auto-Submitted; many clients don't, in Chinese as in English).
AUTO_SUBJECT = re.compile(
    r"^\s*(auto(matic)?[\s_-]*(reply|response|antwort)|auto:|autoreply|out of (the )?office|"
    r"(vacation|holiday|absence)\s+(reply|notice|message|auto[\s-]*reply)|"
    r"自动回复|自動回覆|休假(通知|中|自动回复)|外出(通知|中))",
    re.IGNORECASE,
)
AUTO_PRECEDENCE = frozenset({"bulk", "auto_reply", "junk"})
BOUNCE_SENDERS = frozenset({"mailer-daemon", "postmaster"})
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Printable ASCII between the brackets (RFC 5322 msg-id): nothing a database or header chokes on.
MESSAGE_ID = re.compile(r"<[\x21-\x3b\x3d\x3f-\x7e]{1,250}>")
# A reply's quoted part: what the citizen's client copied of our message below their own text.
QUOTE_HEADERS = re.compile(
    r"^\s*(-{2,}\s*(original message|原始邮件|原始郵件)\s*-{2,}|on .{3,200} wrote:|"
    r"在\s*.{3,200}\s*写道[::]|from:\s.+|发件人[::].+)\s*$",
    re.IGNORECASE,
)


@dataclass
class Mail:
    key: str  # the Message-ID, or "sha256:…" of the raw bytes when it has none
    message_id: str  # "" when missing or unusable
    subject: str = ""
    sender: str = ""  # the address to answer (Reply-To, else From)
    display_name: str = ""
    text: str = ""
    files: list[tuple[str, bytes]] = field(default_factory=list)
    thread: list[str] = field(default_factory=list)  # In-Reply-To, then References, newest first
    machine: str = ""  # "auto-reply" or "bounce" when a machine sent it


def parse(raw: bytes) -> Mail:
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)  # policy.default makes EmailMessage objects
    message_id = _message_id(_header(message, "Message-ID"))
    key = message_id or "sha256:" + hashlib.sha256(raw).hexdigest()
    name, sender = _sender(message)
    text, files = _body_and_files(message)
    return Mail(
        key=key,
        message_id=message_id,
        subject=" ".join(_printable(_header(message, "Subject")).split()),
        sender=sender,
        display_name=name,
        text=text,
        files=files,
        thread=_thread(message),
        machine=_machine(message, sender),
    )


def key_of(raw_header: bytes) -> str:
    """The key of a message from its header alone (a message too large to fetch whole)."""
    message = message_from_bytes(raw_header, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return _message_id(_header(message, "Message-ID")) or (
        "sha256:" + hashlib.sha256(raw_header).hexdigest()
    )


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # a header the parser chokes on counts as missing
        return ""
    return str(value) if value is not None else ""


def _message_id(value: str) -> str:
    found = MESSAGE_ID.search(value)
    return found.group(0) if found else ""


def _sender(message: Message) -> tuple[str, str]:
    for header in ("Reply-To", "From"):
        name, address = parseaddr(_header(message, header))
        if "@" in address:
            return name.strip(), address.strip()
    return "", ""


def _thread(message: Message) -> list[str]:
    ids: list[str] = []
    for header in ("In-Reply-To", "References"):
        found = MESSAGE_ID.findall(_header(message, header))
        # References run oldest → newest: the nearest ancestors first.
        ids += found if header == "In-Reply-To" else list(reversed(found))
    return list(dict.fromkeys(ids))[:50]


def _machine(message: Message, sender: str) -> str:
    if _is_bounce(message, sender):
        return "bounce"
    auto = _header(message, "Auto-Submitted").strip().lower()
    if auto and auto != "no":
        return "auto-reply"
    if any(_header(message, h) for h in ("X-Autoreply", "X-Autorespond", "X-Autoresponse")):
        return "auto-reply"
    if _header(message, "Precedence").strip().lower() in AUTO_PRECEDENCE:
        return "auto-reply"
    if AUTO_SUBJECT.search(_header(message, "Subject")):
        return "auto-reply"
    return ""


def _is_bounce(message: Message, sender: str) -> bool:
    if message.get_content_type() == "multipart/report":
        return True
    if _header(message, "Return-Path").strip() == "<>":
        return True
    senders = [address for _name, address in getaddresses([_header(message, "From")])]
    local_parts = {a.partition("@")[0].lower() for a in [*senders, sender] if a}
    return bool(local_parts & BOUNCE_SENDERS)


# --- the text and the files -------------------------------------------------------------------


def _body_and_files(message: EmailMessage) -> tuple[str, list[tuple[str, bytes]]]:
    plain: list[str] = []
    html: list[str] = []
    files: list[tuple[str, bytes]] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        disposition = (part.get_content_disposition() or "").lower()
        name = _filename(part)
        kind = part.get_content_type()
        if disposition != "attachment" and not name and kind in ("text/plain", "text/html"):
            (plain if kind == "text/plain" else html).append(_text_of(part))
        else:
            data = part.get_payload(decode=True)
            if isinstance(data, bytes):
                files.append((name or _unnamed(kind), data))
    text = "\n\n".join(plain) if plain else "\n\n".join(_html_to_text(h) for h in html)
    return _tidy(text), files


def _filename(part: Message) -> str:
    try:
        return (part.get_filename() or "").strip()
    except Exception:  # a malformed RFC 2231 parameter
        return ""


def _unnamed(kind: str) -> str:
    return "attachment." + (kind.partition("/")[2] or "bin")[:10]


def _text_of(part: Message) -> str:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    charset = (part.get_content_charset() or "utf-8").lower()
    if charset in ("gb2312", "gbk", "x-gbk"):
        charset = "gb18030"  # what those clients really write
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("gb18030", errors="replace")


class _HtmlText(HTMLParser):
    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style", "head"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self.skip:
            self.skip -= 1
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data)


def _html_to_text(source: str) -> str:
    parser = _HtmlText()
    parser.feed(source)
    parser.close()
    return "".join(parser.out)


def _printable(text: str) -> str:
    """Without control characters (PostgreSQL refuses NUL in text; none of them is writing)."""
    return CONTROL.sub("", text)


def _tidy(text: str) -> str:
    text = _printable(text)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def without_quote(text: str) -> str:
    """A reply's own words: the text above the quoted message its client appended."""
    kept: list[str] = []
    for line in text.split("\n"):
        if QUOTE_HEADERS.match(line):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return _tidy("\n".join(kept))
