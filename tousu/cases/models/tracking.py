"""The citizen's tracking code under attack: failed tries and locks, whatever the channel (the
portal's track page, a status query on WeChat) — one count per code, so that guessing a
password is no easier on one channel than on another (`cases.lockout`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrackFailure(models.Model):
    """One failed try for a code (a keyed hash of it: known or not, the code itself is not
    kept). Ten within an hour lock the code (`TrackLock`)."""

    code_key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("failed tracking try")
        verbose_name_plural = _("failed tracking tries")
        indexes = [models.Index(fields=["code_key", "at"], name="track_failure_code_at")]

    def __str__(self) -> str:
        return f"{self.code_key[:8]} @ {self.at:%Y-%m-%d %H:%M}"


class TrackLock(models.Model):
    """A code locked until `until`, right password or not."""

    code_key = models.CharField(max_length=64, unique=True)
    until = models.DateTimeField()

    class Meta:
        verbose_name = _("locked tracking code")
        verbose_name_plural = _("locked tracking codes")

    def __str__(self) -> str:
        return f"{self.code_key[:8]} until {self.until:%Y-%m-%d %H:%M}"
