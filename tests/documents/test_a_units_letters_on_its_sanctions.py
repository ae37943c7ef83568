"""效能告诫书 and 通报批评: the letters of the assessment's sanctions of a unit, numbered in their
own series, naming the cases concerned by number and title — never a complainant."""

from __future__ import annotations

from typing import Any

from tests.documents.conftest import (
    NOW,
    YEAR,
    ApiAs,
    MakeCase,
    Org,
    dispatched,
    docx_text,
    pdf_text,
)
from tousu.assessment import sanctions
from tousu.assessment.models import Sanction
from tousu.cases.models import CaseEvent
from tousu.documents.models import IssuedDocument


def sanction(org: Org, make_case: MakeCase, kind: str) -> tuple[Sanction, Any]:
    case = dispatched(org, make_case)
    issued = sanctions.issue(
        org["unit_a"],
        kind,
        actor=org["director"],
        now=NOW,
        reason="逾期未办结且未申请延期,回访群众不满意。",
        cases=[case.pk],
    )
    return issued, case


def words(phrase: str) -> str:
    """As `pdf_text` reads it back: without spaces."""
    return phrase.replace(" ", "")


def letter(api_as: ApiAs, who: str, row: Sanction, fmt: str = "pdf") -> Any:
    client = api_as(who)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client.get(f"/api/v1/units/{row.unit.code}/sanctions/{row.pk}.{fmt}")


def test_the_warning_letter_to_the_unit(api_as: ApiAs, org: Org, make_case: MakeCase) -> None:
    row, case = sanction(org, make_case, "warning")
    response = letter(api_as, "director", row)
    assert response.status_code == 200
    text = pdf_text(response.content)
    number = f"〔{YEAR}〕告诫第0001号"
    assert number in text
    assert words("Letter of efficiency warning") in text
    assert "市住房和城乡建设局:" in text  # to the unit warned
    assert "逾期未办结且未申请延期" in text
    assert case.number in text and case.title in text
    for identity in ("张三", "13812345678", "5678", "110101199001011237"):
        assert identity not in text
    assert Sanction.objects.get(pk=row.pk).number == number
    # Downloaded again, in Word this time: the same number, nothing more in the register.
    word = docx_text(letter(api_as, "deputy", row, "docx").content)
    assert number in word and "逾期未办结且未申请延期" in word
    assert IssuedDocument.objects.filter(kind="warning").count() == 1
    # A unit's letter is not a case's: no event on the case concerned.
    assert not CaseEvent.objects.filter(case=case, verb="issue_document").exists()


def test_the_circular_goes_to_every_unit(api_as: ApiAs, org: Org, make_case: MakeCase) -> None:
    row, _case = sanction(org, make_case, "criticism")
    text = pdf_text(letter(api_as, "analyst", row).content)
    assert f"〔{YEAR}〕通报第0001号" in text
    assert words("Circular of criticism") in text
    assert words("To every handling unit:") in text
    assert words("This centre has decided to circulate a criticism of 市住房和城乡建设局") in text


def test_the_unit_leader_has_their_own_units_letter_and_no_one_elses(
    api_as: ApiAs, org: Org, make_case: MakeCase
) -> None:
    row, _case = sanction(org, make_case, "warning")
    assert letter(api_as, "unit_a_leader", row).status_code == 200
    for who in ("unit_b_leader", "unit_a_handler", "clerk", "nobody"):
        assert letter(api_as, who, row).status_code == 404, who
    # Under another unit's code, or in an unknown format, it does not exist either.
    director = api_as("director")
    assert director.get(f"/api/v1/units/unit-b/sanctions/{row.pk}.pdf").status_code == 404
    assert director.get(f"/api/v1/units/unit-a/sanctions/{row.pk}.odt").status_code == 404
    assert director.get("/api/v1/units/unit-a/sanctions/nothing.pdf").status_code == 404
