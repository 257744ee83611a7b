"""政府信息公开年报助手 — gov-report-desktop."""

import logging

__version__ = "0.1.0"
APP_NAME = "政府信息公开年报助手"

# A library stays silent unless the application configures logging (the CLI and the window write a
# log file, see `storage.logfile`): no English warnings on the clerk's terminal.
logging.getLogger(__name__).addHandler(logging.NullHandler())
