"""Entry point of the frozen app (PyInstaller starts here).

`--self-test` is handled before the GUI module is imported so that an installation can be checked even if
the window code fails to start; everything else goes to the GUI's own argument handling.
"""

from __future__ import annotations

import sys


def main() -> int:
    if "--self-test" in sys.argv[1:]:
        from gov_report_desktop.ui.selftest import run

        return run([arg for arg in sys.argv[1:] if arg != "--self-test"])
    from gov_report_desktop.ui.app import main as gui_main

    return int(gui_main() or 0)


if __name__ == "__main__":
    raise SystemExit(main())
