"""Nothing personal lies in plaintext under TOUSU_HOME. Distinctive values — a name, a phone
number, an ID number, an e-mail address, an address, a file named after its owner — come in
through the API, the e-mail channel's registration, uploads, a reveal, a search and the
notifications, in a process of their own with the embedded SQLite database and a log file under
a fresh TOUSU_HOME (`plant.py`). Then every file there — the database, its write-ahead log, the
log file, the uploads — is read as bytes, while the process still holds the database open and
again after it closed it, and none of the values appears, in UTF-8, GBK or UTF-16."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.confidentiality import plant

ROOT = Path(__file__).resolve().parents[2]
PLANTED = {
    "name": plant.NAME,
    "surname and given name": "张三丰",
    "phone": plant.PHONE,
    "ID number": plant.ID_NUMBER,
    "e-mail address": plant.EMAIL,
    "address": plant.ADDRESS,
    "file name": plant.FILE_NAME,
}
ENCODINGS = ("utf-8", "gbk", "utf-16-le", "utf-16-be")


def leaks(home: Path) -> list[str]:
    """Each planted value found in a file under `home`: "<file>: <what> (<encoding>)"."""
    found = []
    for path in sorted(p for p in home.rglob("*") if p.is_file()):
        content = path.read_bytes()
        for what, value in PLANTED.items():
            for encoding in ENCODINGS:
                if value.encode(encoding) in content:
                    found.append(f"{path.relative_to(home)}: {what} ({encoding})")
    return found


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Run the plant; what was under TOUSU_HOME while it ran and after it ended."""
    home = tmp_path_factory.mktemp("tousu-home")
    env = {
        k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("TOUSU_")
    }
    env |= {
        "TOUSU_HOME": str(home),
        "TOUSU_LOG_FILE": str(home / "logs" / "tousu.log"),
        "TOUSU_LOG_LEVEL": "DEBUG",
        "DJANGO_SETTINGS_MODULE": "tousu.settings",
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.confidentiality.plant"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdin is not None
    seen = []
    for line in process.stdout:  # the console e-mail backend prints the messages first
        if line.strip() == "PLANTED":
            break
        seen.append(line)
    else:
        process.wait(timeout=60)
        pytest.fail("the plant stopped: " + (process.stderr.read() if process.stderr else ""))
    while_open = {
        "files": sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file()),
        "leaks": leaks(home),
    }
    _out, err = process.communicate("\n", timeout=120)
    assert process.returncode == 0, err
    return {"home": home, "while_open": while_open, "after": leaks(home), "mail": "".join(seen)}


def test_the_plant_really_went_through_every_door(home: dict[str, object]) -> None:
    root = home["home"]
    assert isinstance(root, Path)
    files = home["while_open"]["files"]  # type: ignore[index]
    assert "tousu.sqlite3" in files
    assert "tousu.sqlite3-wal" in files
    assert len([f for f in files if f.startswith("media/attachments/")]) == 2
    log = (root / "logs" / "tousu.log").read_text(encoding="utf-8")
    assert "139****5678" in log  # the SMS log backend wrote its (masked) line
    assert plant.EMAIL in str(home["mail"])  # the e-mail did go out — to standard output


def test_no_planted_value_is_in_any_file_while_the_database_is_open(
    home: dict[str, object],
) -> None:
    assert home["while_open"]["leaks"] == []  # type: ignore[index]


def test_no_planted_value_is_in_any_file_after_the_database_closed(
    home: dict[str, object],
) -> None:
    assert home["after"] == []
