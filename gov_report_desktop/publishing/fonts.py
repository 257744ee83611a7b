"""Which installed fonts stand for the 公文 fonts: the real ones where installed, else the best CJK fallback.

Office PCs have 方正小标宋简体, 仿宋_GB2312, 楷体_GB2312 and 黑体; Windows names some of them in English;
Linux desktops usually have Noto CJK, AR PL or WenQuanYi instead. Needs a QGuiApplication.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtGui import QFontDatabase

_SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "思源宋体", "AR PL UMing CN", "宋体", "SimSun", "NSimSun")
_SANS = ("Noto Sans CJK SC", "Source Han Sans SC", "思源黑体", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei")
_ANY = (*_SERIF, *_SANS, "Microsoft YaHei", "微软雅黑", "Droid Sans Fallback")

CANDIDATES: dict[str, tuple[str, ...]] = {
    "title": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", *_ANY),
    "fangsong": ("仿宋_GB2312", "仿宋", "FangSong_GB2312", "FangSong", "STFangsong", *_ANY),
    "heiti": ("黑体", "SimHei", "STHeiti", *_SANS, *_ANY),
    "kaiti": ("楷体_GB2312", "楷体", "KaiTi_GB2312", "KaiTi", "STKaiti", "AR PL UKai CN", *_ANY),
    "songti": ("宋体", "SimSun", *_ANY),
}
# Digits and Latin letters are set in Times New Roman (or its metric twin) as in the Word export.
LATIN = ("Times New Roman", "Liberation Serif", "Tinos")


@dataclass(frozen=True)
class FontChoice:
    cjk: str  # "" when no CJK font at all is installed (Qt then falls back on its own)
    latin: str

    @property
    def families(self) -> list[str]:
        return [f for f in (self.latin, self.cjk) if f]


@cache
def installed_families() -> frozenset[str]:
    return frozenset(QFontDatabase.families())


def choose(role: str) -> FontChoice:
    installed = installed_families()
    cjk = next((f for f in CANDIDATES[role] if f in installed), "")
    latin = next((f for f in LATIN if f in installed), "")
    return FontChoice(cjk, latin)


def describe() -> str:
    """One line for the self-test and the logs: which font stands for which 公文 font."""
    names = {"title": "标题", "fangsong": "正文", "heiti": "一级标题", "kaiti": "二级标题", "songti": "页码"}
    return "；".join(f"{names[role]}：{choose(role).cjk or '（无中文字体）'}" for role in CANDIDATES)
