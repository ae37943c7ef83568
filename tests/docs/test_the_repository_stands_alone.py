"""The repository stands alone: a reader needs nothing outside it to understand, build or run
Tousu. The contract and the rules of the user's source documents are carried in docs/; no file
sends the reader to the workplace's shared folder or to "the seeds" they cannot open."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What a clone holds besides the project's own files (and .ci, which runs beside the folder).
SKIPPED = {".git", ".ci", ".venv", ".venv-lock", "var", ".mypy_cache", ".ruff_cache", "__pycache__"}
TEXT = {".py", ".md", ".html", ".txt", ".toml", ".cfg", ".js", ".css", ".po", ""}
OUTSIDE = re.compile(r"\.\./shared|/work/shared|shared/(api-contract|seeds|stack-notes)|the seeds")


def _kept(path: Path) -> bool:
    parts = set(path.relative_to(ROOT).parts)
    return (
        path.is_file()
        and path.suffix in TEXT
        and not parts & SKIPPED
        and not any(p.endswith(".egg-info") for p in parts)
        and path != Path(__file__).resolve()
    )


def _project_files() -> list[Path]:
    return [path for path in ROOT.rglob("*") if _kept(path)]


def test_no_file_points_outside_the_repository() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _project_files()
        for number, line in enumerate(path.read_text(errors="ignore").splitlines(), start=1)
        if OUTSIDE.search(line)
    ]
    assert found == []


def test_the_contract_and_the_rules_are_in_docs_and_linked_from_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for page in ("contract.md", "rules.md", "api.md"):
        assert (ROOT / "docs" / page).is_file()
        assert f"(docs/{page})" in readme
    rules = (ROOT / "docs" / "rules.md").read_text()
    # Each rule names its source document by its own title, e.g. the important-case criteria.
    assert "《县机关效能投诉中心工作规则》" in rules
    assert "第十七条" in rules
