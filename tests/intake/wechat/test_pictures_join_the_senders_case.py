"""A picture sent soon after a text is added to the case that text opened; a picture alone opens a
case of its own; when pictures are not fetched, the sender is pointed to the portal instead. The
picture comes through the configured fetcher (here a fake: no internet in the tests)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

import pytest
import time_machine
from django.test import Client

from tests.api.helpers import pdf_bytes, png_bytes
from tests.conftest import MONDAY
from tousu.cases import attachments
from tousu.cases.models import Attachment, Case, CaseEvent
from tousu.intake.models import InboundMessage

from .conftest import picture, push, reply_of, text


class FakeFetcher:
    """WeChat's picture store: what each MediaId serves, and who asked for what."""

    serves: ClassVar[bytes | None] = None
    asked: ClassVar[list[tuple[str, str]]] = []

    def fetch(self, pic_url: str, media_id: str) -> bytes | None:
        FakeFetcher.asked.append((pic_url, media_id))
        return FakeFetcher.serves


@pytest.fixture
def fetcher(settings: Any) -> type[FakeFetcher]:
    settings.TOUSU_WECHAT_PICTURES = f"{__name__}.FakeFetcher"
    FakeFetcher.serves = png_bytes()
    FakeFetcher.asked = []
    return FakeFetcher


def send(client: Client, body: str, nonce: str, minutes: int = 0) -> dict[str, str]:
    at = MONDAY + timedelta(minutes=minutes)
    with time_machine.travel(at, tick=False):
        return reply_of(push(client, body, at=at, nonce=nonce))


def test_a_picture_soon_after_a_text_is_added_to_its_case(
    client: Client, org: dict[str, Any], fetcher: type[FakeFetcher]
) -> None:
    send(client, text("路灯坏了", msg_id="1"), "n1")
    reply = send(client, picture(msg_id="2"), "n2", minutes=29)
    case = Case.objects.get()
    assert reply["Content"] == f"Your picture has been added to case {case.number}."
    row = Attachment.objects.get()
    assert (row.case, row.content_type, row.original_name) == (case, "image/png", "wechat-2.png")
    assert attachments.read(row) == png_bytes()
    assert list(CaseEvent.objects.values_list("verb", flat=True).order_by("pk")) == [
        "register",
        "supplement",
    ]
    assert fetcher.asked == [("http://mmbiz.qpic.cn/mmbiz_jpg/abc/0", "media-id-0001")]
    assert list(InboundMessage.objects.values_list("outcome", flat=True).order_by("pk")) == [
        "registered",
        "added",
    ]


def test_a_picture_alone_opens_a_case_of_its_own(
    client: Client, org: dict[str, Any], fetcher: type[FakeFetcher]
) -> None:
    send(client, text("路灯坏了", msg_id="1"), "n1")
    reply = send(client, picture(msg_id="2"), "n2", minutes=31)  # the first case is too old
    first, second = Case.objects.order_by("pk")
    assert (second.title, second.content, second.contact_address) == (
        "Complaint by picture",
        "The citizen sent a picture by WeChat, without words.",
        first.contact_address,
    )
    assert list(second.attachments.values_list("content_type", flat=True)) == ["image/png"]
    assert list(second.events.values_list("verb", flat=True).order_by("pk")) == [
        "register",
        "attach",
    ]
    assert reply["Content"].splitlines()[:3] == [
        "Your case has been registered.",
        f"Case number: {second.number}",
        f"Tracking code: {second.tracking_code}",
    ]
    assert reply["Content"].splitlines()[-1] == (
        "To add words to this case, use the portal's track page with your code and password."
    )


def test_another_senders_case_is_never_joined(
    client: Client, org: dict[str, Any], fetcher: type[FakeFetcher]
) -> None:
    send(client, text("路灯坏了", msg_id="1", sender="oSomebodyElse000000000000000"), "n1")
    send(client, picture(msg_id="2"), "n2", minutes=1)
    first, second = Case.objects.order_by("pk")
    assert (first.attachments.count(), second.attachments.count()) == (0, 1)


def test_a_redelivered_picture_is_neither_fetched_nor_added_again(
    client: Client, org: dict[str, Any], fetcher: type[FakeFetcher]
) -> None:
    send(client, text("路灯坏了", msg_id="1"), "n1")
    first = send(client, picture(msg_id="2"), "n2", minutes=1)
    again = send(client, picture(msg_id="2"), "n3", minutes=1)
    assert (again, Attachment.objects.count(), len(fetcher.asked)) == (first, 1, 1)


def test_a_file_that_is_no_picture_by_its_content_is_refused(
    client: Client, org: dict[str, Any], fetcher: type[FakeFetcher]
) -> None:
    fetcher.serves = pdf_bytes()
    reply = send(client, picture(msg_id="2"), "n2")
    assert reply["Content"] == "We could not take this picture. Please send a photo (JPEG or PNG)."
    assert (Case.objects.count(), Attachment.objects.count()) == (0, 0)
    assert list(InboundMessage.objects.values_list("outcome", "note")) == [
        ("rejected", "not a picture by its content")
    ]


def test_a_picture_the_fetcher_could_not_get_opens_nothing(
    client: Client, org: dict[str, Any], fetcher: type[FakeFetcher]
) -> None:
    fetcher.serves = None
    send(client, text("路灯坏了", msg_id="1"), "n1")
    reply = send(client, picture(msg_id="2"), "n2", minutes=1)
    case = Case.objects.get()
    assert reply["Content"] == (
        f"Pictures cannot be received here. You can add them to case {case.number} on the "
        "portal's track page with your tracking code and password."
    )
    assert Attachment.objects.count() == 0
    assert InboundMessage.objects.get(message_id="2").note == "picture not fetched"


def test_when_pictures_are_not_fetched_the_sender_is_pointed_to_the_portal(
    client: Client, org: dict[str, Any]
) -> None:
    reply = send(client, picture(msg_id="2"), "n2")
    assert reply["Content"] == (
        "Pictures cannot be received here. Please describe your complaint in words; you can "
        "add pictures to your case on the portal's track page."
    )
    assert (Case.objects.count(), Attachment.objects.count()) == (0, 0)
    assert InboundMessage.objects.get().note == "pictures are not fetched"
