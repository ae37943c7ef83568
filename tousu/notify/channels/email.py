"""E-mail through Django's configured EMAIL_BACKEND (SMTP in production: TOUSU_EMAIL_*)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

from . import Message


class EmailBackend:
    def send(self, message: Message) -> None:
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "tousu.invalid"
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.address],
            # The outbox id as Message-ID: a second delivery of the same row is the same e-mail.
            headers={"Message-ID": f"<outbox-{message.outbox_id}@{domain}>"},
        )
        if message.html:
            email.content_subtype = "html"
        email.send()
