"""The supervision pass's memory: which automatic step it took for which deadline."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tousu.cases.models import Case


class Step(models.TextChoices):
    WARN = "warn", _("warning")  # 预警
    REMIND = "remind", _("automatic reminder")  # 催办
    ESCALATE = "escalate", _("first escalation")  # 督办
    RAISE = "raise", _("escalation raised a level")  # 升级督办


class SupervisionStep(models.Model):
    """One automatic step on one case for one deadline, inserted in the same transaction as the
    verb it records. Unique on (case, step, due): a second pass, or a second worker racing the
    first, cannot insert it again and so never acts twice. `due` is the case's deadline the step
    was about (for `raise`: when the escalation raised was made) — a new deadline after an
    extension or a resumption is chased afresh."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="+"
    )
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    due = models.DateTimeField(_("deadline"))
    at = models.DateTimeField(_("taken at"))

    class Meta:
        verbose_name = _("supervision step")
        verbose_name_plural = _("supervision steps")
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "step", "due"], name="supervision_step_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.step} {self.due:%Y-%m-%d}"
