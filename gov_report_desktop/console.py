"""Console output that never fails on encoding, for the `gov-report` CLI and `gov-report-desktop --self-test`.

Shared by the CLI and the UI, so it lives at the package root (no Qt, no third-party imports).
"""

from __future__ import annotations

import contextlib
import io
import sys


def use_utf8_output() -> None:
    """Chinese output must survive a C locale, a GBK or cp1252 console pipe and undecodable file names.

    Redirected output on Windows gets the ANSI code page (GBK on a Chinese Windows, cp1252 elsewhere), which
    cannot encode "✓" or, on cp1252, any Chinese at all; a frozen windowed app then stops at PyInstaller's
    "Unhandled exception" dialog. UTF-8 encodes everything, and a real Windows console is written as Unicode
    by Python regardless. `backslashreplace` covers lone surrogates from undecodable file names.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            # A stream that cannot be reconfigured (already detached, closed) keeps its encoding.
            with contextlib.suppress(ValueError, io.UnsupportedOperation):
                stream.reconfigure(encoding="utf-8", errors="backslashreplace")
