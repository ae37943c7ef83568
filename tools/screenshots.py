"""Screenshots of the main pages, for the README: `make screenshots`.

Migrates a throwaway SQLite database (TOUSU_HOME: a new temporary directory unless --home is
given), loads the demo, serves it with `tousu serve` on a free port of 127.0.0.1, logs in through
the login form as the demo's clerk, unit A's handler, the director and the administrator in
Debian's Chromium (Playwright, never a downloaded browser) and writes PNGs of the Chinese UI at
1280×720 (the workbench also at 1920×1080; the citizen portal at 390×844 and 1366×768, its
track page after tracking a replied demo case) to docs/screenshots/.

    .venv/bin/python tools/screenshots.py [--out docs/screenshots] [--home DIR] [--keep]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TOUSU = ROOT / ".venv" / "bin" / "tousu"
CHROMIUM = Path("/usr/lib/chromium/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--hide-scrollbars",
    "--lang=zh-CN",
]
PASSWORD = "Tousu2026!"  # the demo accounts' password (settings.TOUSU_DEMO_PASSWORD)
MAX_BYTES = 400 * 1024


@dataclass(frozen=True)
class Shot:
    name: str  # the file, without .png
    who: str  # a demo account, or "" for a page seen logged out
    url: str  # a URL name ("workbench:home") or a path; {case} is the sample case's id
    size: tuple[int, int] = (1280, 720)
    args: tuple[str, ...] = ()
    query: str = ""


# The statistics of the last whole month (the demo's month reaches into it).
_FIRST = date.today().replace(day=1)
_PREVIOUS = (_FIRST - timedelta(days=1)).replace(day=1)
LAST_MONTH = f"?from={_PREVIOUS}&to={_FIRST - timedelta(days=1)}"

SHOTS = (
    Shot("login", "", "workbench:login"),
    Shot("workbench", "clerk", "workbench:home"),
    Shot("workbench-1920", "clerk", "workbench:home", size=(1920, 1080)),
    Shot("queue", "unit_a_handler", "workbench:queue", args=("in_progress",)),
    Shot("intake", "clerk", "workbench:intake"),
    Shot("case", "clerk", "workbench:case", args=("{case}",)),
    Shot("search", "clerk", "workbench:search", query="?q=物业"),
    Shot("overview", "director", "workbench:overview"),
    Shot("dashboard", "director", "workbench:dashboard", size=(1280, 1500), query=LAST_MONTH),
    Shot("assessment", "director", "workbench:assessment", size=(1280, 900)),
    Shot("escalations", "supervisor", "workbench:queue", args=("escalations",)),
    Shot("notifications", "unit_a_leader", "workbench:notifications"),
    Shot("duty", "clerk", "workbench:duty"),
    Shot("admin", "admin", "admin:index"),
    # The citizen portal, phone first (no login; "citizen" tracks the sample replied case).
    Shot("portal-phone", "", "portal:start", size=(390, 844)),
    Shot("portal-form-phone", "", "portal:new", size=(390, 844)),
    Shot("portal-form", "", "portal:new", size=(1366, 768)),
    Shot("portal-track-phone", "citizen", "portal:tracked", size=(390, 844)),
    Shot("portal-track", "citizen", "portal:tracked", size=(1366, 768)),
)
# The query password the screenshots give the sample replied case (its hash is written into the
# throwaway database: the demo's cases were registered by staff, without one).
CITIZEN_PASSWORD = "K7M2Q9XR4T"


def log(message: str) -> None:
    print(f"[screenshots] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"TOUSU_HOME": str(home), "DJANGO_SETTINGS_MODULE": "tousu.settings"})
    env.setdefault("TOUSU_LOG_LEVEL", "WARNING")
    return env


def prepare(env: dict[str, str]) -> None:
    # One turn of the worker's jobs too, so that the bell and the notifications page have news.
    for command in (["migrate"], ["load-demo"], ["worker", "--once", "--no-tasks"]):
        log(f"tousu {' '.join(command)}")
        subprocess.run(
            [str(TOUSU), *command],
            env=env,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(TOUSU), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"tousu serve stopped (exit code {server.returncode})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2):
                return server
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    server.terminate()
    sys.exit("tousu serve did not answer within 60 s")


def sample_case_id() -> int:
    """A case the clerk sees with a full story: in progress at a unit, with a long timeline."""
    from django.db.models import Count

    from tousu.cases.models import Case, Status

    case = (
        Case.objects.filter(status=Status.HANDLING, anonymous=False, unit__isnull=False)
        .annotate(n=Count("events"))
        .order_by("-n", "id")
        .first()
    )
    if case is None:
        sys.exit("the demo has no case in progress")
    return case.pk


def sample_tracked_code() -> str:
    """The tracking code of a replied demo case with a reply, given CITIZEN_PASSWORD."""
    from tousu.cases import tracking
    from tousu.cases.models import Case, Status

    case = Case.objects.filter(status=Status.REPLIED).exclude(reply="").order_by("id").first()
    if case is None:
        sys.exit("the demo has no replied case")
    Case.objects.filter(pk=case.pk).update(query_password=tracking.hash_password(CITIZEN_PASSWORD))
    return case.tracking_code


def track(page: Any, site: str, code: str) -> None:
    page.goto(f"{site}/portal/track/")
    page.fill("#id_code", code)
    page.fill("#id_password", CITIZEN_PASSWORD)
    with page.expect_navigation():
        page.click("#track-submit")
    if "/portal/track/case/" not in page.url:
        sys.exit(f"the sample case {code} could not be tracked")


def resolve(shot: Shot, case_id: int) -> str | None:
    from django.urls import NoReverseMatch, reverse

    args = [str(case_id) if a == "{case}" else a for a in shot.args]
    try:
        return reverse(shot.url, args=args or None) + shot.query
    except NoReverseMatch:
        return None


def log_in(page: Any, site: str, username: str) -> None:
    page.goto(f"{site}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    if "/login/" in page.url:
        sys.exit(f"{username} could not log in")


def take(browser: Any, site: str, shot: Shot, path: str, out: Path, code: str = "") -> Path:
    width, height = shot.size
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        if shot.who == "citizen":
            track(page, site, code)
        elif shot.who:
            log_in(page, site, shot.who)
        response = page.goto(site + path)
        if response is None or response.status != 200:
            sys.exit(f"{shot.name}: {path} answered {response.status if response else 'nothing'}")
        page.wait_for_load_state("networkidle")
        # No blinking caret or focus ring in a picture.
        page.evaluate("document.activeElement && document.activeElement.blur()")
        target = out / f"{shot.name}.png"
        page.screenshot(path=str(target), animations="disabled", caret="hide")
        return target
    finally:
        context.close()


def letter_picture(case_id: int, out: Path) -> Path | None:
    """The first page of the sample case's transfer letter 转办函, as the clerk downloads it,
    made a picture with poppler's pdftoppm (skipped when it is not installed)."""
    if shutil.which("pdftoppm") is None:
        log("skipped letter: pdftoppm (poppler-utils) is not installed")
        return None
    from django.contrib.auth import get_user_model
    from django.utils import timezone, translation

    from tousu.cases.models import Case
    from tousu.documents import service

    clerk = get_user_model().objects.get(username="clerk")
    with translation.override("zh-hans"):
        rendered = service.produce(
            clerk, Case.objects.get(pk=case_id), "transfer", "pdf", now=timezone.now()
        )
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "letter.pdf"
        source.write_bytes(rendered.data)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(source),
                str(Path(scratch) / "letter"),
            ],
            check=True,
        )
        target = out / "letter.png"
        shutil.copyfile(Path(scratch) / "letter.png", target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--home", type=Path, help="TOUSU_HOME to use (default: a new temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary TOUSU_HOME")
    ns = parser.parse_args(argv)
    if not CHROMIUM.exists():
        sys.exit(
            f"Chromium is not installed at {CHROMIUM}: apt-get install -y chromium fonts-noto-cjk"
        )
    home = ns.home or Path(tempfile.mkdtemp(prefix="tousu-screenshots-"))
    env = environment(home)
    os.environ.update({k: env[k] for k in ("TOUSU_HOME", "DJANGO_SETTINGS_MODULE")})
    os.environ.pop("DATABASE_URL", None)
    ns.out.mkdir(parents=True, exist_ok=True)
    server = None
    try:
        prepare(env)
        import django

        django.setup()
        case_id = sample_case_id()
        code = sample_tracked_code() if any(s.who == "citizen" for s in SHOTS) else ""
        port = free_port()
        server = serve(env, port)
        site = f"http://127.0.0.1:{port}"
        from playwright.sync_api import sync_playwright

        written: list[Path] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            for shot in SHOTS:
                path = resolve(shot, case_id)
                if path is None:
                    log(f"skipped {shot.name}: {shot.url} is not part of this build")
                    continue
                written.append(take(browser, site, shot, path, ns.out, code))
            browser.close()
        letter = letter_picture(case_id, ns.out)
        if letter is not None:
            written.append(letter)
        too_big = []
        for target in written:
            size = target.stat().st_size
            log(
                f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}"
                f"  {size // 1024} KB"
            )
            if size > MAX_BYTES:
                too_big.append(target.name)
        if too_big:
            log(f"larger than {MAX_BYTES // 1024} KB: {', '.join(too_big)}")
            return 1
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if not ns.keep and ns.home is None:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
