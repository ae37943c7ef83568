"""The category finder: the citizen says in plain words what it is about (电梯坏了, noise at
night), the finder offers the active categories that match — by their names, their parents'
names and the words the administrator gave them (`CategoryWords`). Chinese has no spaces between
words, so a query is matched by its two-character pieces as well as by whole words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tousu.categories.models import Category

from .models import CategoryWords

LIMIT = 8
_SPLIT = re.compile(r"[\s,，、;；/|]+")


@dataclass(frozen=True)
class Found:
    code: str
    name: str
    path: str  # the names from the top of the tree, "住房 › 物业管理"
    words: str  # what the finder searches: the path and the administrator's words, lower case


def categories() -> list[Found]:
    """Every active category, in tree order (two queries: the tree is small)."""
    rows = list(Category.objects.values_list("pk", "code", "name", "parent_id", "is_active"))
    by_id = {pk: (code, name, parent) for pk, code, name, parent, _active in rows}
    words = dict(CategoryWords.objects.values_list("category_id", "words"))
    found = []
    for pk, code, name, _parent, active in rows:
        if not active:
            continue
        names: list[str] = []
        node: int | None = pk
        while node is not None and node in by_id and len(names) < 10:
            names.insert(0, by_id[node][1])
            node = by_id[node][2]
        path = " › ".join(names)
        found.append(Found(code, name, path, f"{path} {words.get(pk, '')}".lower()))
    return sorted(found, key=lambda f: f.path)


def _pieces(term: str) -> list[str]:
    """A term and, for a term of three or more characters, its two-character pieces."""
    if len(term) < 3:
        return [term]
    return [term] + [term[i : i + 2] for i in range(len(term) - 1)]


def find(query: str, limit: int = LIMIT) -> list[Found]:
    terms = [t for t in _SPLIT.split(query.strip().lower()) if t][:10]
    if not terms:
        return []
    scored = []
    for category in categories():
        name = category.name.lower()
        score = 0.0
        for term in terms:
            if term in name:
                score += 4
            elif term in category.words:
                score += 3
            else:
                score += sum(1 for piece in _pieces(term)[1:] if piece in category.words)
        if score > 0:
            scored.append((-score, category.path, category))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [category for _score, _path, category in scored[:limit]]
