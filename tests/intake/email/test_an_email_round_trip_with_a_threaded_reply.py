"""A citizen writes to the centre's mailbox: a case with their photo, an acknowledgement in their
thread with the number and the tracking code; their answer in the thread joins the same case as
material its holder is told of — against a real IMAP server and a real SMTP server."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.conftest import MONDAY
from tests.intake.email.mails import CITIZEN, PDF, PNG, mail, raw
from tests.intake.email.servers import Mailbox, SmtpInbox
from tests.notify.helpers import inbox, run_jobs
from tousu.cases import workflow as wf
from tousu.cases.attachments import read
from tousu.cases.models import Case
from tousu.intake.email.mailbox import poll
from tousu.intake.models import InboundMessage

TEXT = "我住在幸福小区3号楼,电梯坏了两个月,物业一直不修。"


def test_a_citizen_is_acknowledged_in_their_thread_and_their_answer_joins_the_case(
    org: dict[str, Any], mailbox: Mailbox, smtp: SmtpInbox
) -> None:
    first = mail(text=TEXT, files=[("电梯照片.png", "image/png", PNG)])
    mailbox.deliver(raw(first))

    assert poll(MONDAY) == 1
    case = Case.objects.get()
    assert (case.channel, case.anonymous, case.contact_channel, case.contact_address) == (
        "email",
        True,
        "email",
        CITIZEN,
    )
    assert (case.title, case.content, case.external_id) == (
        "小区电梯长期故障无人维修",
        TEXT,
        first["Message-ID"],
    )
    [photo] = case.attachments.all()
    assert (photo.original_name, photo.content_type, read(photo)) == (
        "电梯照片.png",
        "image/png",
        PNG,
    )
    assert mailbox.unread() == 0

    run_jobs(MONDAY)
    [(to, ack)] = smtp.messages
    assert to == [CITIZEN]
    assert str(ack["Subject"]) == f"[{case.number}] 您的诉求已登记"
    assert (str(ack["In-Reply-To"]), str(ack["References"])) == (first["Message-ID"],) * 2
    body = ack.get_content()
    assert f"编号 {case.number},查询码 {case.tracking_code}" in body

    wf.accept(case, actor=org["clerk"], now=MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a")
    answer = mail(
        subject=f"Re: {ack['Subject']}",
        text=f"补充:物业电话一直打不通。\n\n在 2026-03-02 写道:\n> 已登记,编号 {case.number}",
        files=[("维修记录.pdf", "application/pdf", PDF)],
        headers={
            "In-Reply-To": str(ack["Message-ID"]),
            "References": f"{first['Message-ID']} {ack['Message-ID']}",
        },
    )
    mailbox.deliver(raw(answer))
    later = MONDAY + timedelta(hours=1)

    assert poll(later) == 1
    assert Case.objects.count() == 1
    added = case.events.get(verb="supplement")
    assert added.note == "补充:物业电话一直打不通。"
    assert added.data["channel"] == "email"
    [record] = case.attachments.filter(pk__in=[f["attachment"] for f in added.data["files"]])
    assert (record.original_name, read(record)) == ("维修记录.pdf", PDF)
    assert [a.original_name for a in case.attachments.order_by("id")] == [
        "电梯照片.png",
        "维修记录.pdf",
    ]
    assert list(
        InboundMessage.objects.order_by("id").values_list("message_id", "outcome", "case")
    ) == [
        (first["Message-ID"], "registered", case.pk),
        (answer["Message-ID"], "added", case.pk),
    ]
    run_jobs(later)
    assert inbox(org)["unit_a_handler"] == ["new_work", "material_added"]
    # The citizen heard of the acceptance in the same thread; nothing names staff.
    accepted = smtp.messages[-1][1]
    assert str(accepted["Subject"]) == f"[{case.number}] 您的诉求已受理"
    assert str(accepted["In-Reply-To"]) == first["Message-ID"]
    assert not any(
        user.username in message.get_content()
        for _to, message in smtp.messages
        for user in org["users"].values()
    )
