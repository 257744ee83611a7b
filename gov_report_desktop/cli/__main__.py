"""`python -m gov_report_desktop.cli` — the same as the installed `gov-report` command."""

import sys

from . import main

sys.exit(main())
