"""The shared real reports, rebuilt as Word files and web pages with the variants real documents
show, imported back: the numbers equal the published `.json`, the prose and meta are what the
document printed, and the rule results equal the `.json`'s `consistency` block."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gov_report_desktop.documents.importing import ImportResult, import_report
from gov_report_desktop.domain.rules import Finding, evaluate
from tests.importing.builders import Source, Variants, build_docx, build_html, load_source
from tests.support.shared_reports import REAL_DIR, real_report_files, report_from_shared_json

REAL = real_report_files()
if not REAL:
    pytest.skip("../shared/examples/real is not available", allow_module_level=True)
IDS = [p.stem for p in REAL]


def _import(source: Source, kind: str, folder: Path, variants: Variants, encoding: str = "utf-8") -> ImportResult:
    path = folder / f"report.{kind}"
    if kind == "docx":
        build_docx(source, path, variants)
    else:
        build_html(source, path, variants, encoding)
    return import_report(path)


def _rule_ids(consistency_id: str) -> tuple[str, str | None]:
    """`R4-t4` → (R4, t4): the rule on one table; `R4` alone means 表三 for R4/R6."""
    rule, _, table = consistency_id.partition("-")
    if not table and rule in ("R4", "R6"):
        table = "t3"
    return rule, table or None


def _fires(findings: list[Finding], consistency_id: str) -> bool:
    rule, table = _rule_ids(consistency_id)
    for finding in findings:
        if finding.rule.rstrip("ab") != rule and finding.rule != rule:
            continue
        if table is None or any(c.startswith((f"{table}.", f"{table}_")) for c in finding.cells):
            return True
    return False


def _assert_like_published(result: ImportResult, json_path: Path, source: Source, variants: Variants) -> None:
    expected = report_from_shared_json(json_path)
    report = result.report
    assert report.values == expected.values
    assert report.meta.edition == expected.meta.edition
    assert report.meta.year == source.year
    assert report.meta.agency == source.agency
    assert report.structure_notes == []
    consistency = source.data["consistency"]
    findings = evaluate(report)
    for held in consistency["holds"]:
        assert not _fires(findings, held), (held, [f.message for f in findings])
    for failed in consistency["fails"]:
        assert _fires(findings, failed), failed


@pytest.mark.parametrize("kind", ["docx", "html"])
@pytest.mark.parametrize("json_path", REAL, ids=IDS)
def test_plain_documents_import_as_published(json_path: Path, kind: str, tmp_path: Path) -> None:
    source = load_source(json_path)
    result = _import(source, kind, tmp_path, Variants())
    _assert_like_published(result, json_path, source, Variants())
    report = result.report
    for key, lines in source.texts.items():
        assert report.texts[key] == "\n".join(lines)
    assert report.meta.preamble == "\n".join(source.preamble)


variant_strategy = st.builds(
    Variants,
    enum_comma=st.booleans(),
    half_width_brackets=st.booleans(),
    drop_partial_note=st.booleans(),
    label_breaks=st.booleans(),
    typo=st.booleans(),
    split_t3_at=st.one_of(st.none(), st.integers(min_value=1, max_value=20)),
    repeat_header=st.booleans(),
    full_width_digits=st.booleans(),
    thousands=st.booleans(),
    fields=st.booleans(),
    textbox_value=st.booleans(),
    spaced_heading=st.booleans(),
    title_style=st.integers(min_value=0, max_value=3),
    layout_table=st.booleans(),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    json_path=st.sampled_from(REAL),
    kind=st.sampled_from(["docx", "html"]),
    encoding=st.sampled_from(["utf-8", "gbk"]),
    variants=variant_strategy,
)
def test_documents_with_injected_variants_import_as_published(
    json_path: Path, kind: str, encoding: str, variants: Variants, tmp_path: Path
) -> None:
    source = load_source(json_path)
    result = _import(source, kind, tmp_path, variants, encoding)
    _assert_like_published(result, json_path, source, variants)
    if variants.title_style == 3:
        assert any("标题中没有年度" in issue.message for issue in result.issues)


@pytest.mark.parametrize("kind", ["docx", "html"])
def test_every_variant_at_once(kind: str, tmp_path: Path) -> None:
    json_path = REAL_DIR / "huaian-city-2024.json"
    source = load_source(json_path)
    variants = Variants(
        enum_comma=True,
        half_width_brackets=True,
        drop_partial_note=True,
        label_breaks=True,
        typo=True,
        split_t3_at=9,
        repeat_header=False,
        full_width_digits=True,
        thousands=True,
        fields=True,
        textbox_value=True,
        spaced_heading=True,
        title_style=1,
        layout_table=True,
    )
    result = _import(source, kind, tmp_path, variants, "gbk")
    _assert_like_published(result, json_path, source, variants)
    assert result.issues == []
    assert result.source_kind == kind
