"""The `.govreport` project file: save → load identity, backups, and hostile files.

Every hostile file must give a ProjectFileError whose text is a clear Chinese message, and the
file on disk must stay byte-for-byte as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gov_report_desktop.domain.editions import SectionKey, get_edition
from gov_report_desktop.domain.editions.spec import ColumnSpec, ValueKind
from gov_report_desktop.domain.model import Acknowledgement, PreviousYear, Report, StructureNote
from gov_report_desktop.domain.rules import CATALOGUE
from gov_report_desktop.domain.values import CellValue, Money, Unreadable
from gov_report_desktop.storage import projectfile
from gov_report_desktop.storage.projectfile import (
    MAX_FILE_BYTES,
    ProjectFileError,
    backup_path,
    dumps_report,
    load_report,
    loads_report,
    save_report,
)
from tests.conftest import HUAIAN, PUTUO

# -- strategies for valid reports ----------------------------------------------------------------

# Surrogates are tested on their own below: two lone halves written side by side come back as
# the one character they spell, which is JSON's rule, not a loss.
TEXT = st.text(
    st.one_of(
        st.characters(exclude_categories=["Cs"]),
        st.sampled_from("政府信息公开年报（一）“”、，。　😀🧧𠀀\n\r\t\\\"'{}[]"),
    ),
    max_size=60,
)


def money_for(column: ColumnSpec) -> st.SearchStrategy[Money]:
    units = [column.unit] if column.unit else ["", "元", "万元"]
    whole = st.integers(0, 10**9)
    fraction = st.text("0123456789", min_size=0, max_size=6)
    amount = st.builds(lambda w, f: Decimal(f"{w}.{f}" if f else str(w)), whole, fraction)
    return st.builds(Money, amount=amount, unit=st.sampled_from(units))


def value_for(column: ColumnSpec) -> st.SearchStrategy[CellValue | None]:
    if column.kind is ValueKind.MONEY:
        value: st.SearchStrategy[Any] = money_for(column)
    elif column.kind is ValueKind.SIGNED:
        value = st.integers(-(10**6), 10**6)
    else:
        value = st.integers(0, column.maximum)
    unreadable = st.builds(Unreadable, raw=st.text(min_size=1, max_size=8))
    return st.one_of(st.none(), value, value, unreadable)


@st.composite
def valid_reports(draw: st.DrawFn) -> Report:
    edition_key = draw(st.sampled_from(["2019", "2021"]))
    edition = get_edition(edition_key)
    year = draw(st.integers(edition.first_year, edition.last_year or 2100))
    report = Report.new(year, draw(TEXT), edition_key if draw(st.booleans()) else None)
    report.meta.preamble = draw(TEXT)
    for section in SectionKey:
        report.set_text(section, draw(TEXT))
    for ref in edition.all_cells():
        if ref.cell_id not in edition.derived_cells:
            value = draw(value_for(ref.column))
            if value is not None:
                report.values[ref.cell_id] = value
    report.derive_totals()
    cell_ids = [ref.cell_id for ref in edition.all_cells()]
    for _ in range(draw(st.integers(0, 3))):
        report.acknowledgements.append(
            Acknowledgement(
                rule=draw(st.sampled_from([rule.id for rule in CATALOGUE])),
                cells=tuple(draw(st.lists(st.sampled_from(cell_ids), max_size=4))),
                note=draw(TEXT),
                at=draw(st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1))),
            )
        )
    for _ in range(draw(st.integers(0, 2))):
        report.structure_notes.append(StructureNote(where=draw(TEXT), message=draw(TEXT)))
    if draw(st.booleans()):
        report.previous = PreviousYear(
            agency=draw(TEXT),
            year=year - 1,
            edition=edition_key,
            values={cell_id: value for cell_id, value in report.values.items() if isinstance(value, int)},
            problems=draw(TEXT),
        )
    return report


# -- save → load ---------------------------------------------------------------------------------


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(valid_reports())
def test_dumps_loads_is_the_identity_for_any_valid_report(report: Report) -> None:
    data = dumps_report(report)
    loaded = loads_report(data)
    assert loaded == report
    assert dumps_report(loaded) == data  # also Decimal digits like 1.50 and text details
    for cell_id, value in report.values.items():
        if isinstance(value, Money):
            assert str(loaded.values[cell_id]) == str(value)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(valid_reports())
def test_save_load_on_disk_is_the_identity(report: Report) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "年报.govreport"
        save_report(report, path)
        assert load_report(path) == report
        assert sorted(p.name for p in Path(folder).iterdir()) == ["年报.govreport"]


@pytest.mark.parametrize("text", ["a\udc00b", "末尾\ud83d", "\udfff开头", "对 😀 与孤立 \udc00", r"\ud800 是文字"])
def test_lone_surrogates_survive_save_and_load(tmp_path: Path, text: str) -> None:
    """json.loads turns a `\\udc00` escape into a lone surrogate; saving it must not crash."""
    report = Report.new(2020, text)
    report.set_text(SectionKey.OVERVIEW, text)
    report.values["t3.new.natural"] = Unreadable(raw=text)
    path = tmp_path / "a.govreport"
    save_report(report, path)
    path.read_bytes().decode("utf-8")  # still valid UTF-8
    assert load_report(path) == report


def test_lone_surrogate_path_still_validates_strictly() -> None:
    document = putuo_document()
    document["report"]["meta"]["agency"] = "\udc00"
    document["report"]["meta"]["year"] = "2020"
    with pytest.raises(ProjectFileError, match="“报告年度”应为整数"):
        loads_report(json.dumps(document).encode())


@pytest.mark.parametrize("example", [PUTUO, HUAIAN], ids=["putuo", "huaian"])
def test_examples_round_trip_byte_for_byte(example: Path) -> None:
    assert dumps_report(load_report(example)) == example.read_bytes()


def test_saved_file_is_utf8_json_with_schema_version_first(tmp_path: Path) -> None:
    path = tmp_path / "a.govreport"
    save_report(load_report(PUTUO), path)
    data = path.read_bytes()
    assert "上海市普陀区民政局".encode() in data  # real UTF-8, not \\u escapes
    assert not data.startswith(b"\xef\xbb\xbf")
    document = json.loads(data.decode("utf-8"))
    assert next(iter(document)) == "schema_version"
    assert document["schema_version"] == projectfile.SCHEMA_VERSION
    assert re.match(rb'^\{\s*"schema_version": 1,', data)


def test_a_file_with_a_byte_order_mark_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "bom.govreport"
    path.write_bytes(b"\xef\xbb\xbf" + PUTUO.read_bytes())
    assert load_report(path).meta.agency == "上海市普陀区民政局"


def test_backup_keeps_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "普陀.govreport"
    report = load_report(PUTUO)
    save_report(report, path)
    assert not backup_path(path).exists()  # nothing to back up the first time
    first = path.read_bytes()
    report.meta.agency = "第二版"
    save_report(report, path)
    assert backup_path(path) == tmp_path / "普陀.govreport.bak"
    assert backup_path(path).read_bytes() == first
    second = path.read_bytes()
    report.meta.agency = "第三版"
    save_report(report, path)
    assert backup_path(path).read_bytes() == second
    assert load_report(path).meta.agency == "第三版"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["普陀.govreport", "普陀.govreport.bak"]


def test_save_without_backup(tmp_path: Path) -> None:
    path = tmp_path / "a.govreport"
    save_report(load_report(PUTUO), path)
    save_report(load_report(PUTUO), path, keep_backup=False)
    assert not backup_path(path).exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_saved_file_gets_normal_permissions_and_keeps_existing_ones(tmp_path: Path) -> None:
    path = tmp_path / "a.govreport"
    save_report(load_report(PUTUO), path)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    path.chmod(0o640)
    save_report(load_report(PUTUO), path)
    assert path.stat().st_mode & 0o777 == 0o640


# -- hostile files on load -----------------------------------------------------------------------


def putuo_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(PUTUO.read_bytes())
    return document


def with_change(change: Callable[[dict[str, Any]], None]) -> bytes:
    document = putuo_document()
    change(document)
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def set_value(cell_id: str, value: object) -> Callable[[dict[str, Any]], None]:
    return lambda document: document["report"]["values"].__setitem__(cell_id, value)


def set_meta(field: str, value: object) -> Callable[[dict[str, Any]], None]:
    return lambda document: document["report"]["meta"].__setitem__(field, value)


HOSTILE: list[tuple[str, Callable[[], bytes], str]] = [
    ("empty", lambda: b"", "文件“hostile.govreport”是空文件，没有可读取的内容。"),
    ("whitespace", lambda: b" \n\t\n", "文件“hostile.govreport”是空文件"),
    (
        "truncated",
        lambda: PUTUO.read_bytes()[: len(PUTUO.read_bytes()) // 2],
        "文件“hostile.govreport”已损坏或不完整（第 ",
    ),
    (
        "binary",
        lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe" + bytes(range(256)) * 4,
        "文件“hostile.govreport”不是文本文件（可能是其他类型的文件或已损坏）。",
    ),
    ("latin1-text", lambda: "café année".encode("latin-1"), "不是文本文件"),
    (
        "deeply-nested",
        lambda: b"[" * 100_000,
        "文件“hostile.govreport”结构异常（嵌套过深），不是本软件保存的年报项目文件。",
    ),
    ("nested-objects", lambda: b'{"a":' * 100_000, "结构异常（嵌套过深）"),
    ("json-array", lambda: b"[1, 2, 3]", "文件“hostile.govreport”不是年报项目文件（内容不是 JSON 对象）。"),
    ("json-string", lambda: b'"\xe5\xb9\xb4\xe6\x8a\xa5"', "不是年报项目文件（内容不是 JSON 对象）"),
    ("no-version", lambda: b'{"report": {}}', "缺少版本信息（schema_version），不是本软件保存的年报项目文件。"),
    ("version-as-text", lambda: with_change(lambda d: d.__setitem__("schema_version", "1")), "缺少版本信息"),
    ("version-true", lambda: with_change(lambda d: d.__setitem__("schema_version", True)), "缺少版本信息"),
    ("version-zero", lambda: with_change(lambda d: d.__setitem__("schema_version", 0)), "的文件格式版本 0 无效。"),
    (
        "newer-version",
        lambda: with_change(lambda d: d.__setitem__("schema_version", 2)),
        "文件“hostile.govreport”由更新版本的年报助手保存（文件格式版本 2，本程序支持到 1）。请升级软件后再打开；文件未作任何改动。",
    ),
    ("no-report", lambda: b'{"schema_version": 1}', "缺少年报内容（report），文件可能已损坏。"),
    (
        "count-is-text",
        lambda: with_change(set_value("t3.new.natural", "abc")),
        "文件“hostile.govreport”内容不符合年报格式：单元格「t3.new.natural」的值“abc”无效，应为整数或金额",
    ),
    ("count-is-float", lambda: with_change(set_value("t3.new.natural", 2.5)), "单元格「t3.new.natural」的值 2.5 无效"),
    ("count-is-bool", lambda: with_change(set_value("t3.new.natural", True)), "单元格「t3.new.natural」的值 true 无效"),
    (
        "money-is-int",
        lambda: with_change(set_value("t2_9.procurement.amount", 287)),
        "内容不符合年报格式：单元格「t2_9.procurement.amount」应为金额",
    ),
    (
        "count-is-money",
        lambda: with_change(set_value("t3.new.natural", {"amount": "3", "unit": ""})),
        "单元格「t3.new.natural」应为整数",
    ),
    (
        "money-nan",
        lambda: with_change(set_value("t2_9.procurement.amount", {"amount": "NaN", "unit": "万元"})),
        "单元格「t2_9.procurement.amount」的金额数值不能是无穷大或非数字，实际为“NaN”",
    ),
    (
        "money-unit",
        lambda: with_change(set_value("t2_9.procurement.amount", {"amount": "1", "unit": "美元"})),
        "单元格「t2_9.procurement.amount」的金额单位取值无效（允许：''、'元'、'万元'），实际为“美元”",
    ),
    (
        "unknown-cell",
        lambda: with_change(set_value("t9.nowhere.total", 1)),
        "内容不符合年报格式：单元格「t9.nowhere.total」不属于2019版（国办公开办函〔2019〕60号）",
    ),
    (
        "2021-cell-in-2019",
        lambda: with_change(set_value("t2_8.fees.amount", {"amount": "1", "unit": "万元"})),
        "单元格「t2_8.fees.amount」不属于2019版",
    ),
    (
        "year-as-text",
        lambda: with_change(set_meta("year", "2020")),
        "内容不符合年报格式：“报告年度”应为整数，实际为“2020”",
    ),
    (
        "year-too-early",
        lambda: with_change(set_meta("year", 1800)),
        "“报告年度”超出允许范围（不小于 1990），实际为 1800",
    ),
    (
        "edition",
        lambda: with_change(set_meta("edition", "2030")),
        "“格式版本”取值无效（允许：'2019'、'2021'），实际为“2030”",
    ),
    ("agency-number", lambda: with_change(set_meta("agency", 5)), "“机关名称”应为文字，实际为 5"),
    ("no-year", lambda: with_change(lambda d: d["report"]["meta"].pop("year")), "“报告年度”缺少此项"),
    ("extra-field", lambda: with_change(lambda d: d["report"].__setitem__("macro", "x")), "“macro”是不认识的字段"),
    (
        "values-list",
        lambda: with_change(lambda d: d["report"].__setitem__("values", [1])),
        "“表格数值”应为对象，实际为（一个列表）",
    ),
    (
        "unknown-section",
        lambda: with_change(lambda d: d["report"]["texts"].__setitem__("seventh", "x")),
        "内容不符合年报格式：“texts.seventh",
    ),
    (
        "several-problems",
        lambda: with_change(lambda d: (set_value("t3.new.natural", "a")(d), set_value("t3.new.legal", "b")(d))),
        "（另有 1 处问题）",
    ),
]


@pytest.mark.parametrize(("content", "expected"), [(c, e) for _, c, e in HOSTILE], ids=[n for n, _, _ in HOSTILE])
def test_hostile_file_gives_a_chinese_message_and_stays_unchanged(
    tmp_path: Path, content: Callable[[], bytes], expected: str
) -> None:
    path = tmp_path / "hostile.govreport"
    data = content()
    path.write_bytes(data)
    with pytest.raises(ProjectFileError) as caught:
        load_report(path)
    message = str(caught.value)
    assert expected in message
    assert re.search(r"[\u4e00-\u9fff]", message)
    assert "Traceback" not in message
    assert "Input should" not in message  # no untranslated pydantic text
    # No chained exception: whatever shows the error shows only the Chinese message.
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None or caught.value.__suppress_context__
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.govreport"]


def test_a_50_mb_file_is_refused_quickly_with_its_real_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.govreport"
    with path.open("wb") as handle:
        handle.write(b'{"schema_version": 1, "report": {"texts": {"overview": "')
        handle.write(b"a" * (50 * 1024 * 1024))
        handle.write(b'"}}}')
    size = path.stat().st_size
    with pytest.raises(ProjectFileError) as caught:
        load_report(path)
    assert str(caught.value) == (
        "文件“huge.govreport”过大（约 50 MB，年报项目文件通常不到 1 MB），不是本软件保存的年报项目文件。"
    )
    assert path.stat().st_size == size
    with pytest.raises(ProjectFileError, match="过大"):
        loads_report(b"{" + b" " * MAX_FILE_BYTES + b"}")


def test_a_folder_is_not_a_project_file(tmp_path: Path) -> None:
    folder = tmp_path / "像文件的文件夹.govreport"
    folder.mkdir()
    with pytest.raises(ProjectFileError) as caught:
        load_report(folder)
    assert str(caught.value) == f"“{folder}”是文件夹，不是年报项目文件。"


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "不存在.govreport"
    with pytest.raises(ProjectFileError) as caught:
        load_report(path)
    assert str(caught.value) == f"找不到文件“不存在.govreport”（{path}）。"
    assert not path.exists()


def test_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.govreport"
    shutil.copy(PUTUO, path)

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ProjectFileError, match="^" + re.escape("没有权限读取文件“a.govreport”。") + "$"):
        load_report(path)


# -- failed saves leave the old file alone -------------------------------------------------------


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "普陀.govreport"
    shutil.copy(PUTUO, path)
    return path


def assert_untouched(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temp file, no backup


def changed_report() -> Report:
    report = load_report(PUTUO)
    report.meta.agency = "不应写入"
    return report


def test_read_only_target_is_refused_and_unchanged(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = saved.read_bytes()
    real_access = os.access
    monkeypatch.setattr(projectfile.os, "access", lambda p, mode: False if Path(p) == saved else real_access(p, mode))
    with pytest.raises(ProjectFileError) as caught:
        save_report(changed_report(), saved)
    assert str(caught.value) == "无法保存文件“普陀.govreport”：文件为只读。请另存为其他文件名；原文件未改动。"
    assert_untouched(saved, before)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes through file permissions")
def test_really_read_only_target(saved: Path) -> None:
    before = saved.read_bytes()
    saved.chmod(0o444)
    with pytest.raises(ProjectFileError, match="文件为只读"):
        save_report(changed_report(), saved)
    assert_untouched(saved, before)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores directory permissions")
def test_really_read_only_folder(saved: Path) -> None:
    before = saved.read_bytes()
    saved.parent.chmod(0o555)
    try:
        with pytest.raises(ProjectFileError, match="没有写入文件夹"):
            save_report(changed_report(), saved)
    finally:
        saved.parent.chmod(0o755)
    assert_untouched(saved, before)


def test_folder_without_write_permission(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated, since the tests may run as root: creating the temp file is refused."""
    before = saved.read_bytes()

    real_open = os.open

    def refuse_temp_files(path: object, flags: int, mode: int = 0o777) -> int:
        if str(path).endswith(".tmp"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse_temp_files)
    with pytest.raises(ProjectFileError) as caught:
        save_report(changed_report(), saved)
    assert str(caught.value) == f"无法保存文件“普陀.govreport”：没有写入文件夹“{saved.parent}”的权限。"
    assert_untouched(saved, before)


def test_file_locked_by_another_program_at_replace(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows refuses to replace a file another program holds open: the temp file must go."""
    before = saved.read_bytes()

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(projectfile.os, "replace", refuse)
    with pytest.raises(ProjectFileError) as caught:
        save_report(changed_report(), saved, keep_backup=False)
    assert str(caught.value) == "无法保存文件“普陀.govreport”：文件被其他程序占用或为只读。原文件未改动。"
    assert_untouched(saved, before)


def test_disk_full_while_writing(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = saved.read_bytes()

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(projectfile.os, "fsync", disk_full)
    with pytest.raises(ProjectFileError) as caught:
        save_report(changed_report(), saved)
    assert str(caught.value) == "无法保存文件“普陀.govreport”：磁盘空间不足。原文件未改动。"
    assert_untouched(saved, before)


def test_missing_folder_on_save(tmp_path: Path) -> None:
    target = tmp_path / "不存在的文件夹" / "a.govreport"
    with pytest.raises(ProjectFileError) as caught:
        save_report(changed_report(), target)
    assert str(caught.value) == f"无法保存文件“a.govreport”：文件夹“{target.parent}”不存在。"
    assert not target.parent.exists()


def test_saving_over_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "a.govreport"
    target.mkdir()
    with pytest.raises(ProjectFileError) as caught:
        save_report(changed_report(), target)
    assert str(caught.value) == f"无法保存：“{target}”是一个文件夹。"
    assert target.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.govreport"]


# -- the nesting guard ---------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(st.sampled_from('ab[]{}"\\\\\n年'), max_size=6),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=30,
)


def real_depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((real_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((real_depth(v) for v in value.values()), default=0)
    return 0


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_nesting_guard_is_an_upper_bound_within_twice_the_real_depth(value: object) -> None:
    depth = real_depth(value)
    estimate = projectfile._nesting_depth(json.dumps(value, ensure_ascii=False))
    assert depth <= estimate <= 2 * depth


def test_nesting_guard_ignores_brackets_and_escaped_quotes_in_strings() -> None:
    """Brackets inside strings do not count, and escaped quotes do not end a string."""
    text = json.dumps({"overview": '\\"[{' * 100_000, "values": [[1]]})
    assert projectfile._nesting_depth(text) == 3


def test_read_meta_gives_agency_and_year_without_reading_the_whole_report(tmp_path: Path) -> None:
    from gov_report_desktop.storage.projectfile import read_meta

    path = tmp_path / "r.govreport"
    save_report(Report.new(2024, "淮安市人民政府办公室"), path)
    meta = read_meta(path)
    assert (meta.agency, meta.year, meta.year_stated) == ("淮安市人民政府办公室", 2024, True)
    for broken in (b"{not json", b'{"schema_version": 1, "report": {"meta": {"year": "2024"}}}', b"[]", b""):
        path.write_bytes(broken)
        with pytest.raises(ProjectFileError):
            read_meta(path)
    with pytest.raises(ProjectFileError, match="找不到"):
        read_meta(tmp_path / "无.govreport")
