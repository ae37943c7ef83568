"""E-mails as citizens' clients and mail servers write them."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from tests.conftest import MONDAY

CITIZEN = "li.ming@example.cn"
# The smallest files of the accepted types, recognised by their content.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 64


def mail(
    *,
    subject: str = "小区电梯长期故障无人维修",
    text: str = "我住在幸福小区3号楼,电梯坏了两个月,物业一直不修。",
    sender: str = f"李明 <{CITIZEN}>",
    message_id: str | None = None,
    files: list[tuple[str, str, bytes]] = (),  # type: ignore[assignment]
    headers: dict[str, str] | None = None,
    html: str | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "hotline@12345.example.gov.cn"
    message["Subject"] = subject
    message["Date"] = format_datetime(MONDAY)
    message["Message-ID"] = message_id or make_msgid(domain="example.cn")
    for name, value in (headers or {}).items():
        message[name] = value
    if html is not None:
        message.set_content(html, subtype="html")
    else:
        message.set_content(text)
    for name, kind, data in files:
        main, _slash, sub = kind.partition("/")
        message.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return message


def raw(message: EmailMessage) -> bytes:
    return message.as_bytes()
