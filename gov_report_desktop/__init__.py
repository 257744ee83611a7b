"""政府信息公开年报助手 — gov-report-desktop."""

__version__ = "0.1.0"
APP_NAME = "政府信息公开年报助手"
