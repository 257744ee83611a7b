"""The Qt main window of 政府信息公开年报助手 (the only package that imports PySide6)."""
