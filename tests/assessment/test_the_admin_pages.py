"""The administrator's pages open: schemes (with their items and deductions inline),
adjustments, and, read-only, sanctions and frozen rankings."""

from __future__ import annotations

from datetime import date
from typing import Any

import time_machine
from django.test import Client

from tests.stats.history import NOW
from tests.workbench.test_csp import inline_code
from tests.workflow.helpers import shanghai
from tousu.assessment import ranking
from tousu.assessment.models import Ranking, Sanction
from tousu.assessment.sanctions import issue
from tousu.cases.models import Case

from .helpers import october_scheme


def test_every_page_opens_and_the_frozen_ones_cannot_be_changed(
    client: Client, org: dict[str, Any], october: dict[str, Case]
) -> None:
    scheme = october_scheme()
    sanction = issue(
        org["unit_a"], "warning", actor=org["director"], now=shanghai(2026, 10, 20), reason="推诿"
    )
    mistake = issue(org["unit_b"], "warning", actor=org["director"], now=NOW, reason="误发")
    ranking.freeze(date(2026, 10, 1), NOW)
    frozen = Ranking.objects.get()
    client.force_login(org["admin"])
    with time_machine.travel(NOW, tick=False):
        pages = {
            url: client.get(url)
            for url in (
                "/admin/assessment/scheme/",
                "/admin/assessment/scheme/add/",
                f"/admin/assessment/scheme/{scheme.pk}/change/",
                "/admin/assessment/adjustment/",
                "/admin/assessment/adjustment/add/",
                "/admin/assessment/sanction/",
                f"/admin/assessment/sanction/{sanction.pk}/change/",
                "/admin/assessment/ranking/",
                f"/admin/assessment/ranking/{frozen.pk}/change/",
            )
        }
        kept = client.post(f"/admin/assessment/sanction/{sanction.pk}/delete/", {"post": "yes"})
        deleted = client.post(f"/admin/assessment/sanction/{mistake.pk}/delete/", {"post": "yes"})
    assert {url: r.status_code for url, r in pages.items()} == dict.fromkeys(pages, 200)
    assert all(inline_code(r.content.decode()) == [] for r in pages.values())
    ranking_page = pages[f"/admin/assessment/ranking/{frozen.pk}/change/"].content.decode()
    assert "市住房和城乡建设局" in ranking_page
    assert 'name="_save"' not in ranking_page
    # Issued in October, which is frozen: kept; in November, not numbered: deleted.
    assert (kept.status_code, deleted.status_code) == (403, 302)
    assert list(Sanction.objects.values_list("pk", flat=True)) == [sanction.pk]
