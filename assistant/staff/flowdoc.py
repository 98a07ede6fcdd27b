"""The generated part of ``intents/flows/README.md``: every placeholder a flow prompt may
use (the code's list, :data:`assistant.dialog.texts.KNOWN_FIELDS`, with what the kiosk
puts in its place) and, per prompt, the placeholders it uses in the shipped files.

``kiosk check --write-flows-readme`` rewrites that part; a test compares it with the code
and the files, so the guide for whoever edits flow prompts cannot go stale.
"""

from __future__ import annotations

import string
from pathlib import Path

BEGIN = "<!-- 下面到“生成结束”由 kiosk check --write-flows-readme 生成，请不要手改 -->"
END = "<!-- 生成结束 -->"

MEANINGS: dict[str, str] = {
    "add": "这次要加的记分",
    "address": "地址",
    "amount": "金额（元），例如一共要交的钱",
    "application_no": "受理编号、票据编号",
    "code": "照片回执编号",
    "count": "条数、个数",
    "date": "日期",
    "days": "几个工作日办好（后台给的数）",
    "delivery": "领取方式的代号",
    "delivery_title": "领取方式，读出来的话（例如“免费邮寄到家”）",
    "digits": "输入的数字",
    "direction": "去另一台机器怎么走",
    "dropped": "要到窗口处理的记分违法条数",
    "due": "检验有效期到哪天",
    "fee": "这项业务的工本费（元，来自本文件的 fee:）",
    "fine": "罚款合计（元）",
    "first": "按键范围的第一个键",
    "flow": "业务名",
    "groups": "一组车牌字母",
    "have": "驾驶证已有的记分",
    "id_number": "身份证号（遮盖后）",
    "issues": "问题列表",
    "item": "一项内容",
    "items": "几项内容",
    "key": "这一项的按键",
    "key_back": "“返回”键（按键表 keypad.yaml 里设的）",
    "key_confirm": "“确认”键（按键表里设的）",
    "key_repeat": "“再听一遍”键（按键表里设的）",
    "key_staff": "“找工作人员”键（按键表里设的）",
    "last": "按键范围的最后一个键",
    "last4": "手机号后四位",
    "late": "滞纳金合计（元）",
    "letter": "一个车牌字母",
    "letters": "可选的车牌字母",
    "list": "可以选的几段",
    "mark": "标志",
    "method_title": "付款方式，读出来的话",
    "name": "名称（设备、指南的一段等）",
    "number": "号码",
    "option": "这一项读出来的话",
    "options": "全部选项，连同按键一起读",
    "order_id": "订单号",
    "phone": "电话",
    "place": "领取地点",
    "plate": "车牌",
    "plate_number": "车牌号",
    "points": "记分",
    "points_add": "这次要记的分",
    "position": "车牌第几位",
    "purpose": "用途代号",
    "purpose_title": "用途，读出来的话",
    "reason": "原因",
    "reason_text": "要到窗口的原因，读出来的话",
    "reason_title": "原因，读出来的话",
    "refund_how": "怎么退款（例如“会原路退回”）",
    "region": "地区",
    "rest": "后面还有的几段",
    "site": "站点",
    "sites": "能办这项业务的站点和地址",
    "stage": "这一步在做什么",
    "status": "办理进度",
    "step": "第几步",
    "steps": "步骤",
    "times": "签注次数代号",
    "times_title": "签注次数，读出来的话（例如“一次有效”）",
    "title": "业务名称或这一项的名称",
    "total": "一共几步、一共几条",
    "tour": "签注种类代号",
    "tour_title": "签注种类，读出来的话（例如“团队旅游”）",
    "until": "有效期到哪天、在哪天以前（从证件或后台读出）",
    "value": "要读回确认的内容（号码、车牌）",
    "what": "办的是什么、问的是什么",
    "when": "什么时候",
    "where": "在哪里、寄到哪里",
    "window_count": "要到窗口处理的条数",
    "years": "新证有效期（例如“10年”“长期”，按年龄算）",
}
"""What the kiosk puts in place of each placeholder, in words staff read."""

_FORMATTER = string.Formatter()


def placeholders(text: str) -> list[str]:
    """The placeholders of one prompt, in order, each once (``{fee}`` → ``fee``)."""
    found: list[str] = []
    try:
        for _, name, _, _ in _FORMATTER.parse(text):
            if name and name not in found:
                found.append(name)
    except ValueError:  # a broken prompt: kiosk check reports it
        pass
    return found


def generated(flows: Path) -> str:
    """The generated part of the README for the flow files in ``flows``."""
    from assistant.dialog.texts import KNOWN_FIELDS

    files = sorted(flows.glob("*.yaml"), key=lambda p: (p.name != "common.yaml", p.name))
    used = {path.name: _used(path) for path in files}
    anywhere = {n for prompts in used.values() for _, names in prompts for n in names}
    lines = [BEGIN, "", "### 全部占位符（程序认识的就这些，别的都算写错）", "",
             "| 占位符 | 机器在这里说什么 |", "| --- | --- |"]
    lines += [f"| `{{{name}}}` | {MEANINGS.get(name, '')}"
              f"{'' if name in anywhere else '（现在没有提示语用）'} |"
              for name in sorted(KNOWN_FIELDS)]
    lines += ["", "### 每句提示语现在用的占位符", "",
              "一句提示语里**只用它现在已经有的占位符**（下面列出）；用了别的，那一步机器不知道"
              "填什么，会读成空白。没列出的提示语不用占位符。", ""]
    for name, prompts in used.items():
        if not prompts:
            continue
        lines += [f"**{name}**", ""]
        lines += [f"- `{key}`：" + " ".join(f"`{{{n}}}`" for n in names)
                  for key, names in prompts]
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def _used(path: Path) -> list[tuple[str, list[str]]]:
    """``(text key, placeholders)`` of the prompts of one flow file that use any."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):  # a broken file: kiosk check reports it
        return []
    texts = data.get("texts") if isinstance(data, dict) else None
    if not isinstance(texts, dict):
        return []
    used = [(str(key), placeholders(text)) for key, text in texts.items()
            if isinstance(text, str)]
    return [(key, names) for key, names in used if names]


def current(readme: Path) -> str:
    """The generated part as it is in ``readme`` ("" when the markers are missing)."""
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        return ""
    return text[text.index(BEGIN): text.index(END) + len(END)]


def write(readme: Path, flows: Path) -> bool:
    """Rewrite the generated part of ``readme``; False when it was already up to date."""
    text = readme.read_text(encoding="utf-8")
    old = current(readme)
    new = generated(flows)
    if old == new:
        return False
    text = text.replace(old, new) if old else text.rstrip("\n") + "\n\n" + new
    readme.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    return True
