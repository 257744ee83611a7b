"""An ECMA-376 validator for every Word file the tests export (openxml-audit, Office 2019, strict).

Besides schema and semantic errors, openxml-audit predicts from rules that encode Word's observed
behaviour whether Word would open the file cleanly or "repair" it; anything but a clean opening
counts as a problem.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from openxml_audit import FileFormat, OpenXmlValidator, ValidationSeverity
from openxml_audit.verdict import AppPrediction, predict


@cache
def _validator() -> OpenXmlValidator:
    return OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=0, strict=True)


def audit_docx(path: Path) -> list[str]:
    """Every error, warning and non-clean verdict for `path`; [] for a file Word opens as its own."""
    result = _validator().validate(str(path))
    problems = [
        f"{error.severity.value}: {error.description} ({error.part_uri})"
        for error in result.errors
        if error.severity in (ValidationSeverity.ERROR, ValidationSeverity.WARNING)
    ]
    verdict = predict(result)
    if verdict.prediction is not AppPrediction.OPENS_CLEAN:
        problems.append(verdict.headline)
    return problems
