"""Each message is handled exactly once, also when the poller dies between committing what a
message caused and marking it read: the next poll reads it again, finds its row and only marks
it. And a message that fails leaves nothing behind and waits, unread, without holding up the
others."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.intake.email.mails import mail, raw
from tests.intake.email.servers import Mailbox
from tousu.cases.models import Case
from tousu.intake.email import handling
from tousu.intake.email import mailbox as mailbox_module
from tousu.intake.email.mailbox import poll
from tousu.intake.models import InboundMessage


class Killed(Exception):
    """The poller's process dying (SIGKILL, a lost connection) at that very point."""


def test_killed_after_committing_the_second_of_three_a_rerun_registers_three_cases(
    org: dict[str, Any], mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages = [mail(subject=f"第{n}封投诉", text=f"投诉内容{n}") for n in (1, 2, 3)]
    mailbox.deliver(*(raw(m) for m in messages))
    flag = mailbox_module.mark_seen
    flagged: list[str] = []

    def dies_before_flagging_the_second(box: Any, uid: str) -> None:
        if len(flagged) == 1:
            raise Killed
        flag(box, uid)
        flagged.append(uid)

    monkeypatch.setattr(mailbox_module, "mark_seen", dies_before_flagging_the_second)
    with pytest.raises(Killed):
        poll(MONDAY)
    # The second message's case is committed, the message still unread.
    assert Case.objects.count() == 2
    assert mailbox.unread() == 2

    monkeypatch.setattr(mailbox_module, "mark_seen", flag)
    assert poll(MONDAY + timedelta(minutes=1)) == 2

    assert sorted(Case.objects.values_list("title", flat=True)) == [
        "第1封投诉",
        "第2封投诉",
        "第3封投诉",
    ]
    assert list(InboundMessage.objects.order_by("id").values_list("message_id", "outcome")) == [
        (m["Message-ID"], "registered") for m in messages
    ]
    assert mailbox.unread() == 0


def test_a_message_whose_handling_fails_stays_unread_and_the_others_go_on(
    org: dict[str, Any], mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken, fine = mail(subject="附件存储故障时的来信"), mail(subject="正常的来信")
    mailbox.deliver(raw(broken), raw(fine))
    real = handling.files_received

    def storage_down(case: Case, **kwargs: Any) -> Any:
        if case.title == "附件存储故障时的来信":
            raise OSError("the attachment store is down")
        return real(case, **kwargs)

    monkeypatch.setattr(handling, "files_received", storage_down)
    assert poll(MONDAY) == 1
    assert list(Case.objects.values_list("title", flat=True)) == ["正常的来信"]
    assert list(InboundMessage.objects.values_list("message_id", flat=True)) == [fine["Message-ID"]]
    assert mailbox.unread() == 1

    monkeypatch.setattr(handling, "files_received", real)
    assert poll(MONDAY + timedelta(minutes=1)) == 1
    assert Case.objects.count() == 2
    assert mailbox.unread() == 0


def test_a_message_without_a_message_id_read_twice_counts_once(
    org: dict[str, Any], mailbox: Mailbox
) -> None:
    message = mail()
    del message["Message-ID"]
    mailbox.deliver(raw(message), raw(message))  # the same bytes delivered twice

    assert poll(MONDAY) == 2

    assert Case.objects.count() == 1
    [row] = InboundMessage.objects.all()
    assert row.message_id.startswith("sha256:")
