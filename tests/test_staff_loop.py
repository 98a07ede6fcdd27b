"""Issue 19: staff teach the kiosk in one step — the misunderstanding queue, ``kiosk
review``, ``kiosk intents add`` and ``kiosk check`` (always on a copy of ``intents/``)."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.config import PROJECT_ROOT, var_dir
from assistant.staff.misunderstood import MisunderstandingLog, TurnFacts
from assistant.store import Store

DAY = """身份证的事
不是
身份证丢了
取消
卡片弄没了
身份证丢了要补办
取消
驾驶证那个本子要换
不对，我是驾驶证丢了
是的
取消
"""
"""A short day at the kiosk: a wrong guess rejected ("您是要换领身份证吗？" → "不是"), a
refusal ("卡片弄没了" → 办不了, then said again in other words), and a rephrase (the kiosk
started 换证 and the citizen at once said it was 补证)."""


@pytest.fixture
def kiosk_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of intents/ (with flows/) in tmp_path, used through KIOSK_INTENTS; a
    private var/ (seeded with the trained models, which are keyed by content)."""
    target = tmp_path / "intents"
    shutil.copytree(PROJECT_ROOT / "intents", target)
    var = tmp_path / "var"
    models = var_dir() / "nlu-model"
    if models.is_dir():
        shutil.copytree(models, var / "nlu-model")
    monkeypatch.setenv("KIOSK_INTENTS", str(target))
    monkeypatch.setenv("KIOSK_VAR", str(var))
    return target


def run_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    script, db = tmp_path / "day.script", tmp_path / "kiosk.db"
    script.write_text(DAY, encoding="utf-8")
    assert main(["chat", "--script", str(script), "--json", "--store", str(db),
                 "--today", "2026-12-06"]) == 0
    turns = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [t["outcome"] for t in turns if t["done"]] == ["cancelled"] * 3
    return db


def test_a_day_reviewed_then_taught(kiosk_copy: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    db = run_day(tmp_path, capsys)
    rows = {r["text"]: r for r in Store(db, lock=False).misunderstood()}
    assert {t: (r["kind"], r["guess"], r["served"]) for t, r in rows.items()} == {
        "身份证的事": ("rejected", "id_card.renew", "id_card.replace"),
        "卡片弄没了": ("refused", "out_of_scope", "id_card.replace"),
        "驾驶证那个本子要换": ("rephrased", "driver_license.renew", "driver_license.replace"),
    }

    assert main(["review", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "== id_card.replace 补领身份证 → intents/id_card.yaml（2 句）==" in out
    assert re.search(r"\n  卡片弄没了    \[没听懂；机器猜 out_of_scope \d\.\d\d(，其次 \S+)?\]\n",
                     out), out
    assert "身份证的事    [猜错了（群众说不是）；机器猜 id_card.renew" in out
    assert "驾驶证那个本子要换    [群众马上改口；机器猜 driver_license.renew" in out
    assert "\n      - 卡片弄没了\n" in out  # paste-ready, with the files' indentation
    assert "\n      - 驾驶证那个本子要换\n" in out
    assert '\n    kiosk intents add id_card.replace "身份证的事"\n' in out
    assert '\n    kiosk intents add id_card.replace "卡片弄没了"\n' in out

    before = (kiosk_copy / "id_card.yaml").read_text(encoding="utf-8")
    assert main(["intents", "add", "id_card.replace", "卡片弄没了"]) == 0
    out = capsys.readouterr().out
    assert "之前（before）: out_of_scope" in out
    assert "之后（after）:  id_card.replace" in out and "→ accept（直接办）" in out
    after = (kiosk_copy / "id_card.yaml").read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == ["      - 卡片弄没了"]  # one line; every comment and blank line kept
    assert len(after.splitlines()) == len(before.splitlines()) + 1

    assert main(["nlu", "--json", "卡片弄没了"]) == 0
    assert json.loads(capsys.readouterr().out)["intent"] == "id_card.replace"
    assert main(["check"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("检查通过")
    assert main(["review", "--db", str(db), "--json"]) == 0
    groups = {g["served"]: g for g in json.loads(capsys.readouterr().out)}
    assert groups["id_card.replace"]["paste"] == ["      - 身份证的事"]  # 卡片弄没了 is taught


def test_confirmed_guess_and_a_session_that_served_nobody(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    log = MisunderstandingLog(store, "s1", lambda text: None)

    def turn(text: str | None, was: str, now: str, heard: str | None, *,
             flows: tuple[str | None, str | None] = (None, None), lost: bool = False,
             outcome: str | None = None) -> None:
        log.observe(TurnFacts(text, True, was, now, *flows, heard, lost, outcome))

    renew = "id_card.renew"
    turn("身份证那个", "menu", "confirm_intent", renew)
    turn("是的", "confirm_intent", "card", renew, flows=(None, renew))
    turn("买两斤苹果", "card", "card", None, flows=(renew, renew), lost=True)
    turn(None, "card", "ended", "cancel", flows=(renew, renew), outcome="cancelled")
    rows = [(r["text"], r["kind"], r["served"], r["outcome"]) for r in store.misunderstood()]
    assert rows == [("身份证那个", "confirmed", "id_card.renew", ""),
                    ("买两斤苹果", "refused", "", "cancelled")]


def test_a_question_on_the_side_or_a_no_answer_is_no_rephrase(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    log = MisunderstandingLog(store, "s1", lambda text: None)
    renew, hours = "id_card.renew", "kiosk.hours"
    for facts in (
        TurnFacts("我要换身份证", True, "menu", "card", None, renew, renew, False),
        TurnFacts("要多少钱", True, "card", "card", renew, renew, "guide.ask", False),
        TurnFacts("几点关门", True, "menu", "menu", None, None, hours, False),
        TurnFacts("我要换身份证", True, "menu", "card", None, renew, renew, False),
        TurnFacts(None, True, "card", "confirm", renew, renew, None, False),
        TurnFacts("不是", True, "confirm", "slot", renew, renew, "no", False),
        TurnFacts(None, False, "slot", "ended", renew, renew, "cancel", False, "cancelled"),
    ):
        log.observe(facts)
    assert store.misunderstood() == []


def test_review_without_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Store(tmp_path / "k.db").close()
    assert main(["review", "--db", str(tmp_path / "k.db")]) == 0
    assert "没有记录" in capsys.readouterr().out


# ------------------------------------------------------------------ kiosk intents add
def test_add_undoes_itself_when_the_check_fails(kiosk_copy: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    original = (kiosk_copy / "id_card.yaml").read_bytes()
    assert main(["intents", "add", "id_card.replace", "证件(落在出租车上了"]) == 1
    out = capsys.readouterr().out
    assert "template error" in out
    assert ("检查没通过，已撤销：intents/id_card.yaml 恢复原样（the check failed: undone, the "
            "file is as it was）") in out
    assert (kiosk_copy / "id_card.yaml").read_bytes() == original


@pytest.mark.parametrize(("args", "code", "message"), [
    (["id_card.replce", "证掉了"], 2,
     "没有叫 id_card.replce 的意图：是不是 id_card.replace？（unknown intent 'id_card.replce' — "
     "did you mean 'id_card.replace'?）"),
    (["id_card.renew", "身份证丢了"], 1,
     "这句话已经是 id_card.replace 的说法，一句话只能放在一个意图里：如果它其实是 id_card.renew，"
     "先从那里删掉"),
    (["id_card.replace", "身份证丢了"], 0, "id_card.replace 已经有这句说法了，不用再加"),
    (["id_card.replace", "   "], 2, "说法是空的：请把群众说的话放在引号里"),
    (["id_card.renew", "补办身份证要带什么材料"], 1,
     "机器现在已经把这句话直接听成 guide.ask"),
])
def test_add_messages(kiosk_copy: Path, capsys: pytest.CaptureFixture[str],
                      args: list[str], code: int, message: str) -> None:
    before = {p.name: p.read_bytes() for p in kiosk_copy.glob("*.yaml")}
    assert main(["intents", "add", *args]) == code
    assert message in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in kiosk_copy.glob("*.yaml")} == before


def test_add_quotes_what_yaml_would_misread(kiosk_copy: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["intents", "add", "--force", "id_card.replace", "[我]身份证寻勿着了"]) == 0
    assert '      - "[我]身份证寻勿着了"' in (kiosk_copy / "id_card.yaml").read_text("utf-8")


# ------------------------------------------------------------------ kiosk check
def test_check_reports_every_staff_file_on_stdout(kiosk_copy: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-matcher"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("检查通过（ok） — intents: ")
    assert "keypad, flows; guides: guides, site.yaml, announcements.yaml" in last
    keypad = kiosk_copy / "keypad.yaml"
    keypad.write_text(keypad.read_text("utf-8") + "\nbogus: [\n", encoding="utf-8")
    flows = kiosk_copy / "flows" / "common.yaml"
    flows.write_text(flows.read_text("utf-8") + "\n  : :\n", encoding="utf-8")
    assert main(["check", "--no-matcher"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("intents/keypad.yaml:") for line in lines)
    assert any(line.startswith("intents/flows/common.yaml:") for line in lines)
    assert any("个问题是这个错误的后果，先改好它再检查" in line for line in lines)  # cause first
    assert not any("is missing" in line for line in lines)
    assert lines[-1].startswith("发现 3 个问题")


# ------------------------------------------------------------------ cause-first messages
def _break(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


CAUSES = {
    "full-width colon": (
        "id_card.yaml", "    examples:", "    examples：",
        "intents/id_card.yaml:9:13: 全角冒号：'examples' 后面是中文冒号“：”（full-width colon "
        "after 'examples'） — 改成英文冒号，写成 examples:（switch the input method to English "
        "and type ':'）"),
    "full-width colon of a prompt": (
        "traffic.yaml", "      confirm:", "      confirm：",
        "全角冒号：'confirm' 后面是中文冒号“：”"),
    "tab": (
        "social.yaml", "    kind:", "\tkind:",
        "intents/social.yaml:5:1: Tab 键缩进：这一行开头用了 Tab（tab in the indentation） — "
        "删掉 Tab，用空格和上下行对齐（indent with spaces only）"),
    "missing dash": (
        "id_card.yaml", "      - 换身份证\n", "      换身份证\n",
        "intents/id_card.yaml:12:7: 少了“- ”：列表里的这一行前面没有短横线和空格（list line "
        "without '- '） — 在前面加上“- ”，写成 - 换身份证（start it with '- ' like the line "
        "above）"),
    "full-width brace": (
        "id_card.yaml", "    kind: service", "    kind: ｛service: 1｝",
        "全角大括号“｛”（full-width brace） — 大括号要用英文的 { }"),
    "missing colon": (
        "id_card.yaml", "    kind: service", "    kind service",
        "intents/id_card.yaml:7:9: 少了冒号：'kind' 后面要有英文冒号和空格（missing ':' after "
        "'kind'） — 写成 kind: service（type ': ' after the name）"),
    "no space after the dash": (
        "id_card.yaml", "      - 换身份证\n", "      -换身份证\n",
        "intents/id_card.yaml:12:8: 短横线后面少了空格：“-”和说法之间要有一个空格（no space "
        "after '-'） — 写成 - 换身份证（put a space after '-'）"),
    "dash not aligned": (
        "id_card.yaml", "      - 换身份证\n", "    - 换身份证\n",
        "intents/id_card.yaml:12:5: 没对齐：这一行的“- ”在第 5 列，上一行在第 7 列（list line "
        "not aligned with the one above） — 在“- ”前面用 6 个空格，和上一行对齐（indent it like "
        "the line above）"),
}


@pytest.mark.parametrize("name", sorted(CAUSES))
def test_the_cause_comes_first_on_its_line(kiosk_copy: Path, name: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    file, old, new, message = CAUSES[name]
    _break(kiosk_copy / file, old, new)
    assert main(["intents", "lint", str(kiosk_copy), "--no-matcher"]) == 1
    out = capsys.readouterr().out
    assert message in out, out
    assert "is not defined in any file" not in out  # consequences of the broken file
    assert len([line for line in out.splitlines() if line.startswith("intents/")]) == 1


def test_nlu_says_the_files_are_broken_instead_of_answering(
        kiosk_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nlu", "身份证丢了"]) == 0  # keeps the last good set in var/
    capsys.readouterr()
    _break(kiosk_copy / "id_card.yaml", "    examples:", "    examples：")
    assert main(["nlu", "身份证丢了"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("意图文件有错，你的修改还没有生效（机器在用上一次检查通过的版本）：运行 "
                          "kiosk check 看错在哪一行")
    assert len(out.splitlines()) == 1  # one line, and no answer from the last good set
    assert main(["nlu", "--last-good", "身份证丢了"]) == 0
    assert "intent    id_card.replace" in capsys.readouterr().out


# ------------------------------------------------------------------ kiosk intents test
def test_intents_test_verdict_compares_with_the_last_run(tmp_path: Path) -> None:
    from assistant.staff.verdict import compare, verdict

    saved = tmp_path / "intents-test.json"
    first = compare({"a\t1": True, "a\t2": False, "b\t3": True}, saved)
    assert verdict(first, 0.667, 0) == [
        "第一次运行：交叉验证 66.7%（first run, nothing to compare）",
        "结论：没有矛盾的说法，可以放到机器上（verdict: ok）。交叉验证没猜对的句子"
        "是“还可以更好”的地方，不算错误"]
    second = compare({"a\t1": True, "a\t2": True, "b\t3": False, "b\t4": True}, saved)
    assert (second.better, second.worse) == (1, 1)
    assert verdict(second, 0.75, 2) == [
        "你的修改：1 句变好，1 句变差（交叉验证 66.7% → 75.0%；since the last run: 1 better, "
        "1 worse）",
        "结论：有 2 句说法被机器听成了别的意图，先改好它们（上面全部列出；kiosk intents lint "
        "报同样的问题）（verdict: 2 contradiction(s) to fix）"]
    third = compare({"a\t1": False, "a\t2": False, "b\t3": False, "b\t4": True}, saved)
    assert verdict(third, 0.25, 0) == [
        "你的修改：0 句变好，2 句变差（交叉验证 75.0% → 25.0%；since the last run: 0 better, "
        "2 worse）",
        "结论：这次修改让机器更容易听错，看看变差的句子（verdict: worse）：",
        "  变差（worse）：a「1」", "  变差（worse）：a「2」"]


def test_insertion_keeps_layout_and_says_why_it_cannot(tmp_path: Path) -> None:
    from assistant.errors import Problem
    from assistant.staff.edit import apply, plan_example, undo

    file = tmp_path / "x.yaml"
    text = ("# 说明\r\nintents:\r\n  greet:\r\n    examples:   # 说法\r\n      - 你好\r\n"
            "      # 舟山话\r\n      - 侬好\r\n\r\n    prompts: {}\r\n  thanks:\r\n"
            "    title: 谢\r\n  goodbye:\r\n    examples: []\r\n")
    file.write_bytes(text.encode("utf-8"))
    plan = plan_example(file, "intents/x.yaml", "greet", "同志你好")
    assert not isinstance(plan, Problem) and plan.number == 8
    original = apply(plan)
    assert file.read_bytes().decode("utf-8") == text.replace(
        "      - 侬好\r\n", "      - 侬好\r\n      - 同志你好\r\n")  # CRLF and comments kept
    undo(plan, original)
    assert file.read_bytes() == text.encode("utf-8")
    assert str(plan_example(file, "intents/x.yaml", "thanks", "谢谢")) == (
        "intents/x.yaml:10:3: 意图 thanks 下面没有“examples:”一行（intent 'thanks' has no block "
        "'examples:' list） — 先在意图下面加一行 examples:，再运行这条命令（add 'examples:' under "
        "it first）")
    assert str(plan_example(file, "intents/x.yaml", "goodbye", "再见")) == (
        "intents/x.yaml:13:5: 意图 goodbye 的 examples 写在了同一行（'examples:' of 'goodbye' is "
        "not a block list） — 改成 examples: 下面每句一行“- 说法”，再运行这条命令（write one "
        "'- ' line per sentence under it）")
    assert str(plan_example(file, "intents/x.yaml", "help", "帮帮我")) == (
        "intents/x.yaml:0:0: 这个文件里没有意图 help（intent 'help' is not in this file） — "
        "检查意图名（check the intent name: kiosk nlu shows it）")


def test_check_finds_a_full_width_colon_in_a_flow_file(kiosk_copy: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    _break(kiosk_copy / "flows" / "photo.id_photo.yaml", "\ntexts:", "\ntexts：")
    assert main(["check", "--no-matcher"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if "全角冒号" in line] == [
        next(line for line in lines if line.startswith("intents/flows/photo.id_photo.yaml:"))]
    assert "全角冒号：'texts' 后面是中文冒号“：”（full-width colon after 'texts'）" in lines[0]
    assert not any("is missing" in line for line in lines)  # its consequences


def test_add_is_not_undone_for_a_problem_that_was_there_before(
        kiosk_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _break(kiosk_copy / "keypad.yaml", "\n", "\nbogus: 1\n")
    assert main(["intents", "add", "id_card.replace", "证掉了"]) == 0
    out = capsys.readouterr().out
    assert ("另有 1 个原来就有的问题，和这次添加无关：运行 kiosk check 查看"
            "（1 problem(s) that were there before: see kiosk check）") in out
    assert "      - 证掉了" in (kiosk_copy / "id_card.yaml").read_text("utf-8")


# ------------------------------------------------------------------ Chinese first, English after
FLOW_MISTAKES = {
    "misspelt placeholder": (
        "现在缴纳{amount}元吗", "现在缴纳{amout}元吗",
        "intents/flows/traffic.fine_payment.yaml:28:12: 占位符写错了：{amout}（unknown "
        "placeholder(s) {amout}） — 照 intents/flows/README.md 文末的占位符表改（use only the "
        "placeholders listed in intents/flows/README.md）"),
    "missing brace": (
        "现在缴纳{amount}元吗", "现在缴纳{amount元吗",
        "大括号没配对：少了“{”或“}”（bad placeholder: expected '}' before end of string）"),
    "full-width brace": (
        "现在缴纳{amount}元吗", "现在缴纳｛amount｝元吗",
        "全角大括号“｛amount”：机器会把它念出来（full-width brace in '｛amount': the kiosk "
        "would say it aloud）"),
    "misspelt key": (
        "\nfee: 0\n", "\nfee: 0\npya: 1\n",
        "intents/flows/traffic.fine_payment.yaml:6:1: 名字 'pya' 写错了（unknown key 'pya' in a "
        "flow file） — 改成正确的名字（use one of: flow, title, device, fee, texts, options）"),
    "syntax": (
        "\ntexts:", "\ntexts: [",
        "格式错误：这一行或上一行的缩进、冒号或引号不对（YAML syntax error: "),
}


@pytest.mark.parametrize("name", sorted(FLOW_MISTAKES))
def test_flow_mistakes_are_said_in_chinese_first(kiosk_copy: Path, name: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    old, new, message = FLOW_MISTAKES[name]
    _break(kiosk_copy / "flows" / "traffic.fine_payment.yaml", old, new)
    assert main(["check", "--no-matcher"]) == 1
    lines = capsys.readouterr().out.splitlines()
    [problem] = [line for line in lines if line.startswith("intents/flows/")]
    assert message in problem
    assert lines[-1].startswith("发现 1 个问题，请按每行“—”后面的提示改（1 problem(s)）")


def test_a_rare_english_problem_is_left_as_worded() -> None:
    from assistant.errors import Problem
    from assistant.wording import chinese_first

    rare = Problem("x.yaml", 1, 1, "something nobody has seen", "do this")
    assert chinese_first(rare) == rare
    chinese = Problem("x.yaml", 1, 1, "全角冒号：…", "改成英文冒号")
    assert chinese_first(chinese) == chinese


def test_the_keypad_conflict_names_both_lines_relative(kiosk_copy: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    _break(kiosk_copy / "keypad.yaml", '  back: "9"', '  back: "#"')
    assert main(["check", "--no-matcher"]) == 1
    [line] = [x for x in capsys.readouterr().out.splitlines() if "keypad" in x.split(":")[0]]
    assert line == (
        "intents/keypad.yaml:10:9: 两个功能用了同一个键 '#'：confirm（intents/keypad.yaml:8:12） "
        "和 back（intents/keypad.yaml:10:9）（two roles share one key: confirm and back） — "
        "把其中一个改成 0、9、\"*\"、\"#\" 里没人用的键（give repeat, confirm, staff and back "
        "four different keys）")


def test_a_recovered_payment_is_said_in_plain_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 19: not "recovered transaction chat-…: cancelled (created)" alone."""
    import argparse

    from assistant.adapters.runner import Recovered
    from assistant.chat import SIM_DB_NAME, _interactive_store, new_session
    from assistant.dialog import load_texts
    from assistant.staff.recovered import recovered_line

    today = date(2025, 6, 1)

    assert recovered_line(Recovered("chat-1-1", "refunded")) == (
        "上次中断的业务没办成：已付的钱已原路退回（recovered transaction chat-1-1: refunded）")
    monkeypatch.setenv("KIOSK_VAR", str(tmp_path))
    store = Store(tmp_path / "kiosk.db")
    session = new_session(load_texts(), nlu=None, today=today, store=store,
                          session_id="crashed-1", db=tmp_path / SIM_DB_NAME)
    session.start()
    for line in ["<key:1>", "<key:1>", "<card:expired>", "<face:ok>", "<photo:ok>",
                 "<key:2>", "<key:1>"]:
        session.step(line)  # the kiosk "crashes" at the payment
    args = argparse.Namespace(today=today, store=None, no_store=False, sim_db=None,
                              site_devices=None)
    _interactive_store(args)
    assert capsys.readouterr().err.splitlines()[-1].startswith(
        "kiosk chat: 上次中断的付款已处理：订单已取消，未收费（recovered transaction "
        "crashed-1-1: cancelled")


# ------------------------------------------------------------------ intents/flows/README.md
def test_the_flows_readme_lists_every_placeholder_of_the_code_and_the_files() -> None:
    from assistant.dialog.texts import KNOWN_FIELDS
    from assistant.staff.flowdoc import MEANINGS, current, generated

    assert set(MEANINGS) == set(KNOWN_FIELDS), "say what each placeholder is in MEANINGS"
    flows = PROJECT_ROOT / "intents" / "flows"
    assert current(flows / "README.md") == generated(flows), (
        "intents/flows/README.md is stale: run kiosk check --write-flows-readme")


def test_the_flows_readme_is_rewritten_from_the_files(tmp_path: Path) -> None:
    from assistant.staff.flowdoc import current, write

    flows = tmp_path / "flows"
    shutil.copytree(PROJECT_ROOT / "intents" / "flows", flows)
    _break(flows / "traffic.fine_payment.yaml", "现在缴纳{amount}元吗", "现在缴纳{fine}元吗")
    assert write(flows / "README.md", flows)
    assert "- `confirm`：`{fine}`" in current(flows / "README.md")
    assert not write(flows / "README.md", flows)  # up to date now
