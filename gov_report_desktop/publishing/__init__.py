"""Publishing with Qt's own printing: the PDF and paper forms of the report (QtGui + QtPrintSupport).

Between `documents` (no Qt) and `ui` (widgets): may use QtGui/QtPrintSupport, never QtWidgets, so the
command line can write a PDF without the window's code. Only `gov-report export … .pdf` loads it.
"""
