"""督办函: to the unit handling the case, on the case's open escalation (else its latest): the
level it reached, the remarks, and the date its answer is due. Each escalation (raising it to the
next level is a new one) is a letter with its own number; a case never escalated has none (409)."""

from __future__ import annotations

from django.utils.translation import gettext

from tousu.cases.access import CaseView
from tousu.cases.models import Case, Escalation, EscalationLevel, EscalationState
from tousu.orgs.models import CENTRE_KINDS

from ..letter import Fields, Letter, Paragraph, Section
from .common import Basis, CaseLetter, Facts, Issue, NoLetter, contact_notes, day


def basis(case: Case, view: CaseView) -> Basis:
    rows = Escalation.objects.filter(case=case).select_related("to_unit")
    current = rows.filter(state=EscalationState.OPEN).first() or rows.order_by("-id").first()
    if current is None:
        raise NoLetter(
            gettext("the case has not been escalated: there is no supervision letter"),
            status=case.status,
        )
    return Basis(f"escalation:{current.pk}", current)


def _addressee(case: Case, escalation: Escalation) -> str:
    """Level 1 goes to the unit's leader; levels 2 and 3 are the centre's deputy and director
    supervising — the letter still goes to the unit handling the case."""
    if escalation.level == EscalationLevel.UNIT_LEADER:
        return escalation.to_unit.name
    if case.unit is not None and case.unit.kind not in CENTRE_KINDS:
        return case.unit.name
    return escalation.to_unit.name


def build(case: Case, view: CaseView, basis: Basis, issue: Issue) -> Letter:
    escalation: Escalation = basis.row
    level = str(EscalationLevel(escalation.level).label)
    values = {
        "kind": case.get_kind_display(),
        "title": case.title,
        "number": case.number,
        "due": day(escalation.due),
        "level": level,
        "answer_due": day(escalation.answer_due),
    }
    if escalation.due is not None:
        about = (
            gettext(
                "The %(kind)s “%(title)s” (case number %(number)s) handled by your unit was due on "
                "%(due)s."
            )
            % values
        )
    else:
        about = (
            gettext("The %(kind)s “%(title)s” (case number %(number)s) is handled by your unit.")
            % values
        )
    ask = (
        gettext(
            "This centre supervises its handling (supervised by %(level)s). Please give it your "
            "full attention, handle it without delay, and answer this centre in writing on its "
            "progress and result by %(answer_due)s."
        )
        % values
    )
    blocks: list[Paragraph | Section | Fields] = [Paragraph(about), Paragraph(ask)]
    if escalation.note:
        blocks.append(Section(gettext("Supervision remarks")))
        blocks.append(Paragraph(escalation.note, style="quote"))
    rows = [
        (gettext("case number"), case.number),
        (gettext("title"), case.title),
        (gettext("deadline chased"), day(escalation.due)),
        (gettext("supervised by"), level),
        (gettext("answer due"), day(escalation.answer_due)),
    ]
    if escalation.state == EscalationState.ANSWERED:
        rows.append((gettext("answered at"), day(escalation.answered_at)))
    blocks.append(Fields(tuple(rows)))
    return Letter(
        kind="supervision",
        title=gettext("Supervision letter"),
        number=issue.number,
        heading=issue.heading,
        on=issue.on,
        case_number=case.number,
        addressee=gettext("%(unit)s:") % {"unit": _addressee(case, escalation)},
        blocks=tuple(blocks),
        closing=gettext("This letter is sent for your handling."),
        notes=contact_notes(issue.heading),
    )


def ready(case: Case, view: CaseView, facts: Facts) -> bool:
    return "escalate" in facts.verbs


LETTER = CaseLetter("supervision", for_units=False, basis=basis, build=build, ready=ready)
