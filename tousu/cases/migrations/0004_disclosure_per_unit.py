"""A disclosure of the complainant's identity belongs to the unit it was made to, not to the case:
the flag moves from `Case` to the transfer (`Assignment`) that held the case when it was made."""

from typing import Any

from django.db import migrations, models

# The transfer states in which the unit sees the case (UNIT_VISIBLE_ASSIGNMENT_STATES then).
VISIBLE = ("awaiting_sign", "active", "returned", "done", "cancelled")


def _holder_when(case: Any, assignment_model: Any, event_model: Any) -> Any:
    """The unit transfer that held the case when it was disclosed; failing that, the latest
    transfer of the unit holding it now. None: no unit ever held it (nobody learnt anything)."""
    transfers = assignment_model.objects.filter(
        case_id=case.pk, self_handled=False, state__in=VISIBLE
    ).order_by("-id")
    disclosures = event_model.objects.filter(case_id=case.pk, verb="disclose_identity")
    event = disclosures.order_by("-id").first()
    if event is not None:
        held = transfers.filter(created_at__lte=event.at).filter(
            models.Q(closed_at__isnull=True) | models.Q(closed_at__gte=event.at)
        )
        if held.exists():
            return held.first()
    if case.unit_id is not None:
        return transfers.filter(unit_id=case.unit_id).first()
    return None


def forwards(apps: Any, schema_editor: Any) -> None:
    case_model = apps.get_model("cases", "Case")
    assignment_model = apps.get_model("cases", "Assignment")
    event_model = apps.get_model("cases", "CaseEvent")
    for case in case_model.objects.filter(identity_disclosed=True).iterator():
        transfer = _holder_when(case, assignment_model, event_model)
        if transfer is not None:
            assignment_model.objects.filter(pk=transfer.pk).update(identity_disclosed=True)


def backwards(apps: Any, schema_editor: Any) -> None:
    case_model = apps.get_model("cases", "Case")
    assignment_model = apps.get_model("cases", "Assignment")
    disclosed = assignment_model.objects.filter(identity_disclosed=True).values("case_id")
    case_model.objects.filter(pk__in=disclosed).update(identity_disclosed=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_attachment_confidential"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="identity_disclosed",
            field=models.BooleanField(
                default=False, verbose_name="complainant identity disclosed to this unit"
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name="case",
            name="identity_disclosed",
        ),
    ]
