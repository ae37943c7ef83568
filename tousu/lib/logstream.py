"""A log handler that writes to whatever `sys.stderr` is when a record is emitted.

`logging.StreamHandler` keeps the stream it was given when the logging configuration was loaded.
A test runner that captures output swaps `sys.stderr` and closes its capture files afterwards, so
the handler went on writing to a closed file ("--- Logging error --- I/O operation on closed
file"); under a process manager the stream may likewise be replaced. Looking it up per record
costs nothing.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO


class StderrHandler(logging.StreamHandler):
    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass  # always the current sys.stderr
