"""E-mail through Django's configured EMAIL_BACKEND (SMTP in production: TOUSU_EMAIL_*)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

from ..citizen import EMAIL_HEADERS
from ..models import Outbox
from . import Message

# Headers an outbox row may ask for (`notify.citizen.channel_context`): threading only.
THREAD_HEADERS = ("In-Reply-To", "References")


class EmailBackend:
    def send(self, message: Message) -> None:
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "tousu.invalid"
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.address],
            # The outbox id as Message-ID: a second delivery of the same row is the same e-mail.
            headers={"Message-ID": f"<outbox-{message.outbox_id}@{domain}>"}
            | _thread_headers(message),
        )
        if message.html:
            email.content_subtype = "html"
        email.send()


def _thread_headers(message: Message) -> dict[str, str]:
    """The headers that put a message to a citizen in the thread of their own e-mail (kept in
    its outbox row's context); none for staff."""
    if message.user_id is not None or message.case_id is None:
        return {}
    context = Outbox.objects.filter(pk=message.outbox_id).values_list("context", flat=True).first()
    wanted = context.get(EMAIL_HEADERS) if isinstance(context, dict) else None
    if not isinstance(wanted, dict):
        return {}
    return {
        name: " ".join(str(wanted[name]).split())  # one line: no header injection
        for name in THREAD_HEADERS
        if isinstance(wanted.get(name), str) and wanted[name].strip()
    }
