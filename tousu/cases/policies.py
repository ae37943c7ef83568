"""What the deadline policies (`deadlines.policy_for`) and the supervision policies
(`escalation.supervision_for`) share: their active rows cached, and the most specific matching
row winning.

A row matches when each of its criteria is blank (any) or the case's: kind, severity and, for
deadline policies, a category — the case's own or one of its ancestors. The more specific wins:
a category (the nearer the better) > severity > kind > none; of rows equally specific, the first.

The rows are cached per name under a key carrying the category tree's version
(`categories.tree_version()`): a deadline policy inherits down the tree, and one key scheme for
both kinds keeps them alike. An admin page that edits the policies forgets them (`forget`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.cache import cache

from tousu.categories.models import tree_version

TTL = 300  # seconds: the admin forgets the rows on every write anyway
Row = Mapping[str, Any]


def _key(name: str) -> str:
    return f"tousu:cases:{name}:{tree_version()}"


def cached[T](name: str, load: Callable[[], T]) -> T:
    """The rows `load()` reads, kept TTL seconds under `name` and the tree's version."""
    key = _key(name)
    found: T | None = cache.get(key)
    if found is None:
        found = load()
        cache.set(key, found, TTL)
    return found


def forget(name: str) -> None:
    cache.delete(_key(name))


def lineage_of(category_id: int | None, parents: Mapping[int, int | None]) -> dict[int, int]:
    """category id → distance from the case's own category (0), up to the root."""
    lineage: dict[int, int] = {}
    node, depth = category_id, 0
    while node is not None and node not in lineage:
        lineage[node] = depth
        node, depth = parents.get(node), depth + 1
    return lineage


def score(row: Row, kind: str, severity: str, lineage: Mapping[int, int]) -> int | None:
    """How specific the row is for a case, or None when it does not match."""
    if row["kind"] and row["kind"] != kind:
        return None
    if row["severity"] and row["severity"] != severity:
        return None
    category = row.get("category_id")
    if category is not None and category not in lineage:
        return None
    points = (1 if row["kind"] else 0) + (2 if row["severity"] else 0)
    if category is not None:
        points += 4 + 100 - lineage[category]
    return points


def matching(
    rows: Iterable[Row], kind: str, severity: str, lineage: Mapping[int, int] | None = None
) -> list[Row]:
    """The rows that match, the most specific first (of equal ones, the first given first)."""
    scored = [(score(row, kind, severity, lineage or {}), n, row) for n, row in enumerate(rows)]
    found = [(points, n, row) for points, n, row in scored if points is not None]
    return [row for _points, _n, row in sorted(found, key=lambda s: (-s[0], s[1]))]
