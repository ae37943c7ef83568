"""The console log follows `sys.stderr` as it is now, not as it was when logging was configured:
a test runner or a process manager that swaps (and closes) the stream loses no line."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from tousu.lib.logstream import StderrHandler


def test_a_record_goes_to_the_stderr_of_the_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    handler = StderrHandler()
    first, then = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    handler.emit(logging.makeLogRecord({"msg": "one"}))
    first.close()  # what a capturing test runner does with its file
    monkeypatch.setattr(sys, "stderr", then)
    handler.emit(logging.makeLogRecord({"msg": "two"}))
    assert then.getvalue() == "two\n"


def test_the_project_logs_through_it() -> None:
    assert any(isinstance(h, StderrHandler) for h in logging.getLogger().handlers)
