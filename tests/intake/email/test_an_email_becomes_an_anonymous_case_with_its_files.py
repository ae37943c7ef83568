"""What a case from an e-mail holds: the subject as its title, the text (whatever the charset,
HTML or plain), the sender's address as its (sealed) contact and no complainant identity, the
attachments the limits allow — the others dropped and said so, by reason, never by name."""

from __future__ import annotations

from email.header import Header
from typing import Any

import pytest
from django.utils.translation import gettext, override

from tests.conftest import MONDAY
from tests.intake.email.mails import CITIZEN, EXE, PDF, PNG, mail, raw
from tests.intake.email.servers import Mailbox
from tousu.cases.attachments import read
from tousu.cases.models import Case, Complainant
from tousu.intake.email.handling import receive
from tousu.intake.email.mailbox import poll
from tousu.intake.models import InboundMessage

DROPPED = (
    "(%(count)s attachment(s) of the e-mail were not kept: too large, too many, or of a type "
    "not accepted.)"
)


def in_centre_language(text: str) -> str:
    with override("zh-hans"):
        return gettext(text)


def test_the_sender_is_anonymous_with_their_address_as_the_contact(org: dict[str, Any]) -> None:
    handled = receive(raw(mail(sender=f"李明 <{CITIZEN}>")), MONDAY)

    case = Case.objects.get()
    assert (handled.outcome, handled.case_id) == ("registered", case.pk)
    assert (case.anonymous, case.contact_channel, case.contact_address) == (True, "email", CITIZEN)
    assert (case.kind, case.channel, case.status) == ("complaint", "email", "registered")
    assert Complainant.objects.count() == 0


def test_the_reply_to_address_is_the_one_answered(org: dict[str, Any]) -> None:
    receive(raw(mail(headers={"Reply-To": "家属 <family@example.cn>"})), MONDAY)
    assert Case.objects.get().contact_address == "family@example.cn"


def test_a_chinese_charset_and_an_html_only_body_are_read(org: dict[str, Any]) -> None:
    gbk = (
        f"From: {Header('李明', 'gb2312').encode()} <li.ming@example.cn>\r\n"
        f"Subject: {Header('路灯不亮', 'gb2312').encode()}\r\n"
        "Message-ID: <gbk-1@example.cn>\r\n"
        "Content-Type: text/plain; charset=gb2312\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode() + "路灯不亮已经一个月了。\r\n".encode("gb2312")
    receive(gbk, MONDAY)
    receive(raw(mail(html="<p>噪音<b>扰民</b></p><script>x()</script><p>每天夜里施工</p>")), MONDAY)

    first, second = Case.objects.order_by("id")
    assert (first.title, first.content) == ("路灯不亮", "路灯不亮已经一个月了。")
    assert second.content == "噪音扰民\n\n每天夜里施工"


def test_without_a_subject_the_first_line_is_the_title(org: dict[str, Any]) -> None:
    receive(raw(mail(subject="", text="夜间施工噪音扰民\n每天都到凌晨两点。")), MONDAY)
    assert Case.objects.get().title == "夜间施工噪音扰民"


def test_files_beyond_the_limits_are_dropped_and_said_so(
    org: dict[str, Any], settings: Any
) -> None:
    settings.TOUSU_ATTACHMENT_MAX_BYTES = 1000
    settings.TOUSU_MAIL_MAX_FILES = 1
    files = [
        ("现场.png", "image/png", PNG),
        ("程序.exe", "application/octet-stream", EXE),  # not accepted, whatever its name
        ("伪装.pdf", "application/pdf", EXE),  # named a PDF, an executable by content
        ("大图.png", "image/png", PNG + b"\x00" * 1000),
        ("记录.pdf", "application/pdf", PDF),  # one file more than allowed
    ]
    receive(raw(mail(text="见附件。", files=files)), MONDAY)

    case = Case.objects.get()
    assert [a.original_name for a in case.attachments.all()] == ["现场.png"]
    assert case.content == "见附件。\n\n" + in_centre_language(DROPPED) % {"count": 4}
    assert InboundMessage.objects.get().note == (
        "4 part(s) dropped: too large, too many files, type not accepted"
    )
    assert list(case.events.values_list("verb", flat=True)) == ["register", "attach"]


def test_files_alone_make_a_case(org: dict[str, Any]) -> None:
    receive(raw(mail(text="", files=[("照片.png", "image/png", PNG)])), MONDAY)
    case = Case.objects.get()
    assert case.content == in_centre_language("(see the attached files)")
    assert [read(a) for a in case.attachments.all()] == [PNG]


def test_an_empty_message_is_ignored(org: dict[str, Any]) -> None:
    handled = receive(raw(mail(subject="", text="")), MONDAY)
    assert (handled.outcome, Case.objects.count()) == ("ignored", 0)
    assert InboundMessage.objects.get().note == "empty"


def test_a_sender_address_that_is_not_one_still_registers_the_matter(
    org: dict[str, Any],
) -> None:
    receive(raw(mail(sender="李明 <li.ming@@example>")), MONDAY)
    case = Case.objects.get()
    assert (case.contact_channel, case.contact_address) == ("", "")


@pytest.mark.parametrize(
    "garbage",
    [
        b"\xff\xfe\x00garbage without headers \x00\x01",
        b"From: <li.ming@example.cn>\r\nSubject: =?utf-8?b?!!!broken?=\r\n"
        b"Content-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\n"
        b"Content-Type: image/png; name*=utf-8''%ZZ%\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"!!!not base64!!!\r\n--zz",
        b"Subject: \xb5\xe7\xcc\xdd\r\n\r\n\xb5\xe7\xcc\xdd\xbb\xb5\xc1\xcb",
    ],
)
def test_a_malformed_message_gives_an_answer_never_a_crash(
    org: dict[str, Any], garbage: bytes
) -> None:
    handled = receive(garbage, MONDAY)
    again = receive(garbage, MONDAY)

    assert handled.outcome in {"registered", "ignored", "rejected"}
    assert again.first is False
    assert InboundMessage.objects.count() == 1
    assert Case.objects.count() == (1 if handled.outcome == "registered" else 0)


def test_a_message_over_the_size_limit_is_never_fetched_and_marked_read(
    org: dict[str, Any], mailbox: Mailbox, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.TOUSU_MAIL_MAX_BYTES = 2000
    huge = mail(files=[("大.pdf", "application/pdf", PDF + b"0" * 4000)])
    mailbox.deliver(raw(huge))

    with caplog.at_level("INFO", logger="tousu.intake.email"):
        assert poll(MONDAY) == 1

    assert Case.objects.count() == 0
    row = InboundMessage.objects.get()
    assert (row.message_id, row.outcome) == (huge["Message-ID"], "ignored")
    assert row.note.startswith("too large (")
    assert caplog.messages[0].startswith(f"mail {huge['Message-ID']}: ignored, ")
    assert mailbox.unread() == 0
