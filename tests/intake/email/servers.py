"""Real mail servers for the e-mail tests: Debian's Dovecot as the centre's IMAP mailbox, aiosmtpd
as the SMTP server the acknowledgements go to. Each on a free local port, waited for by polling
the port (never a fixed sleep), always stopped afterwards."""

from __future__ import annotations

import imaplib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
PASSWORD = "secret"
START_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, alive: Any, what: str, timeout: float = START_TIMEOUT) -> None:
    """Until something accepts connections on the port; fails early if `alive()` turns false."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise AssertionError(f"{what} exited before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"{what} did not listen on port {port} within {timeout}s")


CONFIG = """
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={root}/mail/%u
}}
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 100
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


@dataclass
class Dovecot:
    """A running Dovecot; any user name logs in with PASSWORD (each test takes its own)."""

    port: int
    root: Path

    def client(self, user: str) -> imaplib.IMAP4:
        box = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        box.login(user, PASSWORD)
        box.select("INBOX")
        return box


def need_dovecot() -> None:
    if os.path.exists(DOVECOT):
        return
    reason = "Dovecot is not installed (apt-get install -y dovecot-imapd, as .ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so it must be there", pytrace=False)
    pytest.skip(reason)


def start_dovecot() -> tuple[Dovecot, subprocess.Popen[bytes]]:
    need_dovecot()
    # Not under pytest's own temporary folder (0700, root's): the mail processes run as the
    # `dovecot` user and must reach the mail folder.
    root = Path(tempfile.mkdtemp(prefix="tousu-dovecot-"))
    root.chmod(0o755)
    for name in ("run", "state", "mail"):
        (root / name).mkdir()
    shutil.chown(root / "mail", user="dovecot", group="dovecot")
    port = free_port()
    (root / "dovecot.conf").write_text(CONFIG.format(root=root, port=port, password=PASSWORD))
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, lambda: process.poll() is None, "dovecot")
    except AssertionError as exc:
        stop(process, root)
        raise AssertionError(f"{exc}: {_log_tail(root)}") from None
    return Dovecot(port=port, root=root), process


def _log_tail(root: Path) -> str:
    log = root / "dovecot.log"
    return log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"


def stop(process: subprocess.Popen[bytes], root: Path) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    shutil.rmtree(root, ignore_errors=True)


@dataclass
class Mailbox:
    """One test's mailbox on the Dovecot: put messages in, see which are still unread."""

    server: Dovecot
    user: str

    def deliver(self, *messages: bytes) -> None:
        box = self.server.client(self.user)
        try:
            for raw in messages:
                status, _data = box.append("INBOX", "", None, raw)
                assert status == "OK"
        finally:
            box.logout()

    def unread(self) -> int:
        box = self.server.client(self.user)
        try:
            _status, data = box.uid("SEARCH", "UNSEEN")
            return len(data[0].split()) if data and data[0] else 0
        finally:
            box.logout()


@dataclass
class SmtpInbox:
    """What the aiosmtpd receiver got: (recipients, message) in order."""

    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"
