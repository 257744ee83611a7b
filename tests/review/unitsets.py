"""A 政务公开办's inbox built from the shared real reports, with the perturbations reviewers meet:
renamed units, a missing unit, a duplicate, an injected error, last year's reports beside this
year's, a 五 copied between units, a file that is not a report."""

from __future__ import annotations

import os
from pathlib import Path

from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.model import Report
from gov_report_desktop.storage.projectfile import save_report
from tests.importing.builders import Source, build_docx, build_html, load_source
from tests.support.shared_reports import REAL_DIR, report_from_shared_json

PLACE = "平潭综合实验区"


def problems_text(name: str) -> str:
    """五 of a shared real report, as one paragraph per line."""
    return "\n".join(load_source(REAL_DIR / f"{name}.json").texts[SectionKey.PROBLEMS])


# Without ../shared beside the checkout (a new user's clone) the tests using this inbox are skipped, and
# importing this module for their collection must not fail.
_HAVE_SHARED = REAL_DIR.exists()
PROBLEMS = (
    {
        "民政局": problems_text("pingtan-2021"),
        "教育局": problems_text("huaian-city-2024"),
        "财政局": problems_text("pingtan-2019"),
    }
    if _HAVE_SHARED
    else dict.fromkeys(("民政局", "教育局", "财政局"), "")
)
# 卫健委 copied 民政局's 五 and changed a few words: 雷同.
PROBLEMS["卫生健康委员会"] = (
    PROBLEMS["民政局"].replace("政策解读形式不够丰富", "政策解读方式不够多样").replace("一是", "第一，")
)
# 财政局 last year wrote nearly the same 五 (one sentence added this year): T6 beyond the identical case.
LAST_YEAR_PROBLEMS_财政局 = PROBLEMS["财政局"].replace("2020年，我们将采取以下措施加以改进：", "下一步，我们将：")

ERROR_CELL = "t3.result_total.natural"  # 财政局's 表三（七）总计 is off by 5: R1/R2 errors


def _source(unit: str, year_file: str) -> Source:
    source = load_source(REAL_DIR / f"{year_file}.json")
    source.agency = PLACE + unit
    source.texts = {**source.texts, SectionKey.PROBLEMS: PROBLEMS.get(unit, "").split("\n")}
    return source


def _project(unit: str, year_file: str, problems: str) -> Report:
    report = report_from_shared_json(REAL_DIR / f"{year_file}.json")
    report.meta = report.meta.model_copy(update={"agency": PLACE + unit})
    report.set_text(SectionKey.PROBLEMS, problems)
    return report


def build_inbox(root: Path) -> dict[str, Path]:
    """This year's (2021) reports in root/本年 (sub-folders), last year's (2020) in root/上年."""
    this, last = root / "本年", root / "上年"
    (this / "区直部门").mkdir(parents=True)
    last.mkdir(parents=True)
    files: dict[str, Path] = {}
    files["民政局"] = build_docx(_source("民政局", "pingtan-2021"), this / "民政局.docx")
    files["教育局"] = build_html(_source("教育局", "pingtan-2021"), this / "区直部门" / "教育局.html")
    files["卫生健康委员会"] = build_docx(_source("卫生健康委员会", "pingtan-2021"), this / "区直部门" / "卫健委.docx")
    finance = _project("财政局", "pingtan-2021", PROBLEMS["财政局"])
    total = finance.values[ERROR_CELL]
    assert isinstance(total, int)
    finance.values[ERROR_CELL] = total + 5
    files["财政局"] = this / "财政局.govreport"
    save_report(finance, files["财政局"], keep_backup=False)
    # 教育局 sent an older project file too: 重复, the newer .html is used.
    files["教育局-旧"] = this / "教育局（旧）.govreport"
    save_report(_project("教育局", "pingtan-2021", PROBLEMS["教育局"]), files["教育局-旧"], keep_backup=False)
    os.utime(files["教育局-旧"], (1_600_000_000, 1_600_000_000))
    files["坏文件"] = this / "坏文件.docx"
    files["坏文件"].write_bytes(b"not a word file")
    # Last year: 民政局's 结转 does not carry over (P1), 财政局's 五 is nearly the same (T6).
    last_civil = _project("民政局", "pingtan-2020", problems_text("pingtan-2020"))
    last_civil.values["t3.carry_forward.natural"] = 7  # ≠ 2021's 上年结转 (0)
    files["上年民政局"] = last / "民政局2020.govreport"
    save_report(last_civil, files["上年民政局"], keep_backup=False)
    files["上年财政局"] = last / "财政局2020.govreport"
    save_report(_project("财政局", "pingtan-2020", LAST_YEAR_PROBLEMS_财政局), files["上年财政局"], keep_backup=False)
    return files


ROSTER = [
    "平潭综合实验区民政局。",  # punctuation
    "教育局",  # 简称 without the place
    "平潭综合实验区财政局",
    "平潭综合实验区卫健委",  # 简称 of 卫生健康委员会
    "平潭综合实验区人社局",  # sent nothing: 未报送
]
