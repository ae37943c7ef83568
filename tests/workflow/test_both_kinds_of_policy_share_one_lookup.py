"""Deadline policies and supervision policies are chosen the same way, by one lookup
(`cases.policies`): the most specific matching row wins — a category (the nearer the better) >
severity > kind > none, the first of equals — and their cached rows follow the category tree's
version, so a new tree reaches both."""

from __future__ import annotations

from typing import Any

from tousu.cases import policies
from tousu.cases.deadlines import policy_for
from tousu.cases.escalation import supervision_for
from tousu.cases.models import DeadlinePolicy, SupervisionPolicy
from tousu.categories.models import Category, tree_changed


def row(name: str, kind: str = "", severity: str = "", category_id: int | None = None) -> Any:
    return {"name": name, "kind": kind, "severity": severity, "category_id": category_id}


def test_the_most_specific_row_wins_and_of_equals_the_first() -> None:
    rows = [
        row("any"),
        row("complaints", kind="complaint"),
        row("important", severity="important"),
        row("important complaints", kind="complaint", severity="important"),
        row("housing", category_id=1),
        row("property", category_id=2),
        row("important, again", severity="important"),
        row("reports", kind="report"),
        row("food", category_id=3),
    ]
    lineage = policies.lineage_of(2, {1: None, 2: 1, 3: None})  # property under housing

    found = policies.matching(rows, "complaint", "important", lineage)

    assert lineage == {2: 0, 1: 1}
    assert [r["name"] for r in found] == [
        "property",
        "housing",
        "important complaints",
        "important",
        "important, again",
        "complaints",
        "any",
    ]
    assert [r["name"] for r in policies.matching(rows, "praise", "general")] == ["any"]


def test_a_new_category_tree_reaches_the_cached_rows_of_both_kinds(org: dict[str, Any]) -> None:
    assert (
        policy_for("praise", None, "general").handle_days,
        supervision_for("praise", "general").levels,
    ) == (10, 3)
    # Written past the admin, which would forget them: the cached rows still stand…
    DeadlinePolicy.objects.create(name="表扬", kind="praise", handle_days=4)
    SupervisionPolicy.objects.create(name="表扬", kind="praise", levels=1)
    assert (
        policy_for("praise", None, "general").handle_days,
        supervision_for("praise", "general").levels,
    ) == (10, 3)

    Category.objects.create(code="seasonal", name="节日临时类")
    tree_changed()  # …until the category tree changes, as the category admin announces it

    assert (
        policy_for("praise", None, "general").handle_days,
        supervision_for("praise", "general").levels,
    ) == (4, 1)
