"""A citizen who came with a contact — the sender of an e-mail, a WeChat account, the phone or
e-mail a portal user chose — hears back there, whatever the complainant's phone; an e-mail only
joins the thread of the citizen's own first e-mail. Nothing names staff."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.core import mail

from tests.conftest import MONDAY
from tests.notify.helpers import run_jobs
from tests.workflow.helpers import advance
from tousu.notify.models import Outbox, SentMessage

LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
NIGHT = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)  # 22:30 in Shanghai


def test_the_chosen_phone_is_texted_rather_than_the_complainants(
    org: dict[str, Any], make_case: Any
) -> None:
    case = make_case(contact_channel="sms", contact_address="13900001111")
    run_jobs(MONDAY)

    sent = SentMessage.objects.get()
    assert (sent.channel, sent.address) == ("sms", "13900001111")
    assert sent.body == (
        f"【投诉中心】您的诉求已登记,编号 {case.number},查询码 {case.tracking_code}。"
    )


def test_an_anonymous_wechat_user_hears_back_on_wechat(org: dict[str, Any], make_case: Any) -> None:
    case = make_case(
        channel="wechat",
        anonymous=True,
        complainants=[],
        contact_channel="wechat",
        contact_address="oWx1234567890abcdef",
    )
    advance(case, "replied", org, MONDAY)
    run_jobs(MONDAY)

    sent = [(m.channel, m.address, m.body) for m in SentMessage.objects.order_by("outbox_id")]
    assert [(channel, address) for channel, address, _body in sent] == [
        ("wechat", "oWx1234567890abcdef")
    ] * 3
    assert sent[0][2] == f"您的诉求已登记,编号 {case.number},查询码 {case.tracking_code}。"
    assert sent[2][2] == f"您的诉求 {case.number} 答复如下:已整改完毕"
    staff = {u.username for u in org["users"].values()}
    assert not any(name in body for *_rest, body in sent for name in staff)


def test_a_portal_users_e_mail_is_written_to_without_a_thread(
    org: dict[str, Any], make_case: Any, settings: Any
) -> None:
    settings.MAILERS = LOCMEM
    case = make_case(channel="web", contact_channel="email", contact_address="li@example.cn")
    run_jobs(MONDAY)

    [message] = mail.outbox
    assert message.to == ["li@example.cn"]
    assert message.subject == f"[{case.number}] 您的诉求已登记"
    assert "In-Reply-To" not in message.extra_headers
    assert SentMessage.objects.count() == 0  # no SMS to the complainant's phone besides


def test_the_sender_of_an_e_mail_is_answered_in_their_thread(
    org: dict[str, Any], make_case: Any, settings: Any
) -> None:
    settings.MAILERS = LOCMEM
    make_case(
        channel="email",
        anonymous=True,
        complainants=[],
        external_id="<first@example.cn>",
        contact_channel="email",
        contact_address="li@example.cn",
    )
    run_jobs(MONDAY)

    [message] = mail.outbox
    assert (message.extra_headers["In-Reply-To"], message.extra_headers["References"]) == (
        "<first@example.cn>",
        "<first@example.cn>",
    )
    row = Outbox.objects.get()
    assert message.extra_headers["Message-ID"] == f"<outbox-{row.pk}@localhost>"


def test_e_mail_goes_out_at_night_texts_wait_for_the_morning(
    org: dict[str, Any], make_case: Any, settings: Any
) -> None:
    settings.MAILERS = LOCMEM
    make_case(now=NIGHT, contact_channel="email", contact_address="li@example.cn")
    make_case(now=NIGHT, contact_channel="sms", contact_address="13900001111")
    run_jobs(NIGHT)

    assert list(Outbox.objects.order_by("id").values_list("channel", "state")) == [
        ("email", "sent"),
        ("sms", "pending"),
    ]
