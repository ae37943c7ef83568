"""登记表: the case's fields as the centre sees them, the complainant masked — never in full, even
for the director who may reveal the identity on the case page."""

from __future__ import annotations

import pytest

from .conftest import ApiAs, MakeCase, Org, dispatched, docx_text, fetch, pdf_text


@pytest.mark.parametrize("username", ["clerk", "director"])
def test_the_registration_form_shows_the_complainant_masked(
    username: str, org: Org, make_case: MakeCase, api_as: ApiAs
) -> None:
    case = dispatched(org, make_case, facts="物业多次推诿")
    client = api_as(username)
    for text in (
        pdf_text(fetch(client, case, "registration.pdf")),
        docx_text(fetch(client, case, "registration.docx")),
    ):
        assert "张*" in text
        assert "138****5678" in text
        assert "110101********1237" in text
        assert "东城区幸福小****" in text
        for full in ("张三", "13812345678", "110101199001011237", "2单元501"):
            assert full not in text
        assert "幸福物业管理有限公司" in text  # the respondent
        assert "物业多次推诿" in text  # facts and reasons
        assert "市住房和城乡建设局" in text  # the handling unit
