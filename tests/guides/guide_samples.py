"""Small valid guide and site files for the tests (written into tmp_path)."""

from __future__ import annotations

from pathlib import Path

SITE = """\
devices:
  photo_booth: {name: 自助照相亭, spoken: 照相亭}
  household_terminal: {name: 户籍自助终端, spoken: 户籍自助机}
  exit_entry_machine: {name: 出入境自助签注机, spoken: 签注机}
here: shop
sites:
  - id: shop
    name: 示例便利店
    kind: convenience
    example: true
    district: 示例
    address: 示例地址
    hours: 二十四小时开放
    devices: [photo_booth, household_terminal]
    layout:
      household_terminal: 在您左手边第一台
  - id: big
    name: 定海旗舰店
    kind: flagship
    district: 定海
    address: 东瀛路226号
    hours: 二十四小时开放
    devices: [photo_booth, household_terminal, exit_entry_machine]
"""

GUIDE = """\
id: id_card.renew
title: 居民身份证换领
category: 户政
intent: id_card.renew
aliases: [换身份证]
summary: 身份证到期可以自助换领，工本费二十元。
conditions:
  - 有效期满前三个月内
materials:
  - {name: 本人居民身份证, form: 原件}
  - {name: 本人证件照片, form: 电子, auto: true, note: 可以现场拍摄}
steps:
  - 刷身份证
places:
  kiosk: {devices: [household_terminal, photo_booth]}
  window: 派出所户籍窗口
hours: 二十四小时
fees:
  - {item: 工本费, amount: 20, basis: 发改价格〔2003〕2322号}
duration: {text: 六十日内, days: 60}
phone: 以窗口告知为准
basis: 《中华人民共和国居民身份证法》第十一条
"""


def write_catalogue(root: Path, guides: dict[str, str], site: str | None = SITE) -> Path:
    """Write ``site.yaml`` and guide files (relative path → text) under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    if site is not None:
        (root / "site.yaml").write_text(site, encoding="utf-8")
    for rel, text in guides.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
