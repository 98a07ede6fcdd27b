"""Turn a guide into short speakable text: one aspect (:func:`answer`) or all of it
(:func:`sections`), for a dialog that can go next / previous / repeat / jump.

Numbers are written in Chinese characters (二十元, 十五日) so any TTS reads them right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.guides.model import Aspect, Guide, Material, Network, OptionalService
from assistant.nlu.numbers import int_to_chinese

OFFER_MATERIALS = "要我把所需材料完整读一遍吗？"
"""Offer appended to every :func:`answer`."""

_DIGITS = "零一二三四五六七八九"


_CONDITIONS_CHARS = 60
"""How much of a guide's conditions the short answer reads (at least two of them)."""


def _first_short(items: list[str]) -> list[str]:
    """The first conditions that fit in :data:`_CONDITIONS_CHARS` characters, at least two:
    three short ones are all said ("……交强险"), a long fourth is left to the full reading."""
    said: list[str] = []
    for item in items:
        if len(said) >= 2 and sum(map(len, said)) + len(item) > _CONDITIONS_CHARS:
            break
        said.append(item)
    return said


def chinese_number(value: float) -> str:
    """``20`` → ``二十``, ``105`` → ``一百零五``, ``2.5`` → ``二点五`` (0 ≤ value < 10⁸)."""
    if value < 0 or value >= 100_000_000:
        raise ValueError(f"cannot speak {value}")
    whole = int(value)
    frac = f"{value:.2f}".split(".")[1].rstrip("0") if value != whole else ""
    text = int_to_chinese(whole, liang=False)
    if frac:
        text += "点" + "".join(_DIGITS[int(d)] for d in frac)
    return text


def count(n: int) -> str:
    """A count before a measure word: ``2`` → ``两`` (两项, 两份), else :func:`chinese_number`."""
    return "两" if n == 2 else chinese_number(n)


def yuan(amount: float) -> str:
    """``20`` → ``二十元``."""
    return chinese_number(amount) + "元"


_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_SENTENCE = re.compile(r"[^。！？]*[。！？]")


def speakable(text: str) -> str:
    """Replace Arabic numbers with Chinese ones, except long digit strings (phone numbers,
    which are read digit by digit)."""

    def repl(m: re.Match[str]) -> str:
        s = m.group(0)
        if len(s) >= 5 and "." not in s:
            return "".join(_DIGITS[int(c)] for c in s)
        return chinese_number(float(s))

    return _ARABIC.sub(repl, text)


@dataclass(frozen=True)
class Section:
    """One part of a guide read in full."""

    name: str
    """Short heading that is spoken first (材料, 地点...), also the jump target."""
    spoken_text: str
    """Everything to say for this part."""


def _join(items: list[str]) -> str:
    return "；".join(i.rstrip("。；") for i in items) + "。"


def _material_text(m: Material, numbered: int | None = None) -> str:
    prefix = f"第{chinese_number(numbered)}，" if numbered is not None else ""
    form = {"电子": "", "原件及复印件": "原件和复印件"}.get(m.form, m.form)
    qty = f"{count(m.quantity)}份" if m.quantity > 1 else ""
    text = f"{prefix}{m.name}{form}{qty}"
    if m.auto:
        text += "，系统自动获取，不用带"
    elif not m.required:
        text += "，部分情况需要"
    if m.note:
        text += f"，{m.note}"
    return text


def _materials_short(guide: Guide) -> str:
    """What to bring / prepare / expect the system to fetch, in at most three sentences."""
    needed = [m for m in guide.materials if m.required and not m.auto]
    bring = [_named_plainly(m) for m in needed if m.form != "电子"]
    prepare = [m.name for m in needed if m.form == "电子"]
    optional = [m for m in guide.materials if not m.required and not m.auto]
    auto = [m.name for m in guide.materials if m.auto]
    parts: list[str] = []
    if bring:
        parts.append(f"{guide.title}需要带：{_names(bring)}。")
        # materials of some cases, with what decides them ("旧身份证：换领的，领取新证时
        # 须交回旧证"; "监护人居民身份证：未满十六周岁的……"): the question "去拿要带点啥" or
        # "外孙十岁，第一趟办要带点啥" was answered without them
        cases = [f"{m.name}：{m.note.rstrip('。')}" for m in optional
                 if m.note and m.form != "电子"][:2]
        parts += [f"{'；'.join(cases)}。"] if cases else []
    if prepare:
        parts.append(f"{'还' if bring else guide.title}需要准备电子材料：{_names(prepare)}。")
    if not parts:
        if optional:
            parts.append(f"{guide.title}不用另外准备材料；有{_names([m.name for m in optional])}"
                         "的话可以带上。")
            # what decides whether to bring one ("居民户口簿：自助终端刷脸核验通过就不用带")
            parts += [f"{m.name}：{m.note.rstrip('。')}。" for m in optional if m.note][:2]
        else:
            parts.append(f"{guide.title}不用带材料，本人到场就行。")
    if auto:
        parts.append(f"{auto[0]}{'等' if len(auto) > 1 else ''}由系统自动获取。")
    return "".join(parts)


_VAGUE = re.compile(r"^(?:相关|其他|有关)?(?:证明材料|证明|材料)$")
"""A material named only by kind ("证明材料"): its note says which."""


def _named_plainly(m: Material) -> str:
    """A material's name, with its note when the name alone says nothing ("证明材料（如出生医学
    证明、档案材料，按变更项目准备）": "要带点啥" was answered "证明材料")."""
    if m.note and _VAGUE.match(m.name):
        return f"{m.name}（{m.note.split('，以窗口告知为准')[0].rstrip('。')}）"
    return m.name


def _names(names: list[str], most: int = 3) -> str:
    text = "；".join(names[:most])
    return text + ("等" if len(names) > most else "")


def not_offered(guide: Guide, network: Network | None) -> OptionalService | None:
    """The optional service (``site.yaml``) this guide is about, when this site does not
    offer it; None otherwise."""
    if network is None:
        return None
    found = network.not_offered(guide.id)
    if found is None and guide.intent is not None:
        found = network.not_offered(guide.intent)
    return found


def not_offered_text(service: OptionalService) -> str:
    """"不好意思，本站暂时不办理……：" and the site file's explanation (one sentence: why,
    and where to ask)."""
    return f"不好意思，本站暂时不办理{service.title}：{service.why}"


def _kiosk_location(guide: Guide, network: Network | None) -> str:
    kiosk = guide.places.kiosk
    off = not_offered(guide, network)
    if off is not None:
        return not_offered_text(off)
    if kiosk is None:
        return f"{guide.title}不能在自助机上办理。办理地点：{guide.places.window}。"
    if network is None:
        return f"可以在自助警务超市自助办理，也可以到{guide.places.window}。"
    names = [network.devices[d].spoken if d in network.devices else d for d in kiosk.devices]
    main = kiosk.devices[0]
    here = network.here
    if all(d in here.devices for d in kiosk.devices):
        where = here.layout.get(main, "")
        text = f"本机就能办，请到{names[0]}"
        return text + (f"，{where}。" if where else "。")
    others = [s for s in network.sites_with(kiosk.devices)
              if s.id != here.id and network.not_offered(guide.intent or guide.id, s) is None]
    if others:
        site = others[0]
        return (
            f"本店没有{'和'.join(names)}，可以到{site.name}办理，"
            f"地址是{site.spoken_address}，也可以到{guide.places.window}。"
        )
    return f"请到{guide.places.window}。"


def answer(
    guide: Guide, aspect: Aspect, network: Network | None = None, *, offer: bool = True
) -> str:
    """1-3 short speakable sentences about one ``aspect``, then :data:`OFFER_MATERIALS`
    (unless ``offer`` is false: a caller that cannot read the materials yet).

    ``network`` (from ``site.yaml``) lets the location answer say where the device is in
    this kiosk, or which other site has it.
    """
    if aspect == "materials":
        text = _materials_short(guide)
    elif aspect == "location":
        text = _kiosk_location(guide, network)
    elif aspect == "hours":
        text = f"{guide.title}的办理时间：{guide.hours}。"
    elif aspect == "fees":
        text = _fees_text(guide, short=True)
    elif aspect == "conditions":
        said = _first_short(list(guide.conditions))
        text = f"办理条件是：{_join(said)}"
        if len(guide.conditions) > len(said):
            text += "还有其他条件，可以让我完整读一遍。"
    elif aspect == "duration":
        text = f"{guide.title}的办理时限：{guide.duration.text}。"
    elif aspect == "overview":
        text = guide.summary
    elif aspect == "validity":
        text = _validity(guide)
    else:  # pragma: no cover - Aspect is a closed Literal
        raise ValueError(f"unknown aspect {aspect!r}")
    off = not_offered(guide, network)
    if off is not None and aspect != "location":  # say it first, then the answer in short
        first = _SENTENCE.match(text)
        text = not_offered_text(off) + (first.group(0) if first else text)
    return speakable(_tidy(text)) + (OFFER_MATERIALS if offer else "")


_VALIDITY = re.compile(
    r"有效期(?:是|为|：|:|分为|按|[一二三四五六七八九十两\d])|[一二三四五六七八九十两\d]+年有效")
"""A sentence that says how long a document is good for ("有效期三个月", "有效期：未满十六
周岁五年…", "发给五年有效的身份证") — not "有效期满前九十日内" (when to renew)."""


def _validity(guide: Guide) -> str:
    """How long the document of ``guide`` is valid, from its notes, summary and conditions
    (the guide has no field of its own for it); never the processing time."""
    for source in (*guide.notes, *(f.text for f in guide.facts), guide.summary,
                   *guide.conditions):
        for sentence in re.split(r"[。；;]", source):
            if _VALIDITY.search(sentence):
                return f"{sentence.strip('，, ')}。"
    return f"{guide.title}的指南里没有写有效期，可以问窗口的工作人员。"


def _fees_text(guide: Guide, short: bool) -> str:
    if not guide.fees:
        if guide.fees_note:
            return f"{guide.fees_note}。"
        return f"{guide.title}不收费。"
    parts = [f"{fee.item}{yuan(fee.amount)}" for fee in guide.fees]
    text = f"{guide.title}收费：{'，'.join(parts)}。"
    if guide.fees_note and not short:
        text += f"{guide.fees_note}。"
    return text


def _tidy(text: str) -> str:
    text = re.sub(r"([。！？；])。", r"\1", text)
    return re.sub(r"。{2,}", "。", text)


def sections(guide: Guide, network: Network | None = None) -> list[Section]:
    """The whole guide as spoken sections, in reading order; empty parts are left out."""
    off = not_offered(guide, network)
    out = [Section("概况", (not_offered_text(off) if off else "") + guide.summary)]
    if guide.conditions:
        out.append(Section("条件", "办理条件：" + _join(list(guide.conditions))))
    if guide.materials:
        items = [_material_text(m, i) for i, m in enumerate(guide.materials, 1)]
        out.append(Section("材料", f"所需材料共{count(len(items))}项：" + _join(items)))
    if guide.steps:
        steps = [f"第{chinese_number(i)}步，{s}" for i, s in enumerate(guide.steps, 1)]
        out.append(Section("流程", "办理流程：" + _join(steps)))
    location = _kiosk_location(guide, network)
    if guide.places.kiosk is not None and guide.places.kiosk.note and off is None:
        location += guide.places.kiosk.note + "。"
    if guide.places.kiosk is not None and off is None:
        location += f"也可以到{guide.places.window}办理。"
    out.append(Section("地点", location))
    out.append(Section("时间", f"办理时间：{guide.hours}。"))
    out.append(Section("费用", _fees_text(guide, short=False)))
    out.append(Section("时限", f"办理时限：{guide.duration.text}。"))
    if guide.notes:
        out.append(Section("注意", "请注意：" + _join(list(guide.notes))))
    out.append(Section("咨询", f"咨询电话：{guide.phone}。设定依据：{guide.basis}。"))
    return [Section(s.name, speakable(_tidy(s.spoken_text))) for s in out]
