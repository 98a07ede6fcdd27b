"""Problems of staff files said in Chinese first, with the loader's English after.

The loaders (intents, flows, keypad, guides, site, announcements) word their problems in
English — tests and the kiosk's log rely on that wording.  The staff commands (``kiosk
check``, ``kiosk intents lint``, ``kiosk intents add``, ``kiosk nlu``, ``kiosk guides
lint``) show every problem through :func:`chinese_first`: a plain Chinese sentence saying
what is wrong and what to do, then the English message and fix in brackets.  A message
that is already Chinese (the cause detectors of :mod:`assistant.datafile`) is left as it is.

It sits beside :mod:`assistant.errors` (it depends on nothing else of the kiosk), so every
package's command line can use it without importing the staff tools.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.errors import Problem

_CJK = re.compile(r"[\u4e00-\u9fff]")

RULES: tuple[tuple[str, str, str], ...] = (
    # (English message pattern, Chinese message, Chinese fix) — {name}: a group of the pattern
    (r"YAML (syntax )?error: (?P<what>.*)", "格式错误：这一行或上一行的缩进、冒号或引号不对",
     "看这一行和上一行：只用空格对齐，冒号用英文的“:”，含“: ”或“#”的文字整行加英文引号"),
    (r"unknown placeholder\(s\) (?P<names>.*)", "占位符写错了：{names}",
     "照 intents/flows/README.md 文末的占位符表改"),
    (r"bad placeholder: .*", "大括号没配对：少了“{{”或“}}”",
     "占位符写成 {{名字}}；真要说大括号就写两个：{{{{ 或 }}}}"),
    (r"full-width brace in '(?P<what>[^']*)'.*", "全角大括号“{what}”：机器会把它念出来",
     "占位符用英文半角大括号，例如 {{amount}}"),
    (r"text '(?P<key>[^']*)' is missing.*", "少了一句必需的话：{key}",
     "把这一句加回来（可以照备份或 var/flows.last-good 里的同名文件）"),
    (r"missing '(?P<what>[^']*)' in intent '(?P<name>[^']*)'", "意图 {name} 下面少了 {what}",
     "在意图下面加上 {what}:"),
    (r"missing '(?P<key>[^']*)'.*", "少了 {key}", "照原来的文件把它加回来"),
    (r"unknown key '(?P<key>[^']*)' in (?P<where>.*)", "名字 '{key}' 写错了",
     "改成正确的名字"),
    (r"duplicate key '(?P<key>[^']*)'.*", "名字 '{key}' 写了两遍", "只留一个"),
    (r"unknown intent '(?P<name>[^']*)'", "没有叫 {name} 的意图", "改回原来的意图名，不要自己造"),
    (r"intent '(?P<name>[^']*)' has no '(?P<what>[^']*)' prompt",
     "意图 {name} 少了提示语 {what}", "在 prompts: 下面加上 {what}:"),
    (r"intent '(?P<name>[^']*)' has no '(?P<what>[^']*)'", "意图 {name} 下面少了 {what}",
     "在意图下面加上 {what}:"),
    (r"intent '(?P<name>[^']*)' has (?P<n>\d+) examples, a (?P<kind>\w+) intent needs "
     r"(?P<need>\d+)", "意图 {name} 只有 {n} 句说法，{kind} 类至少要 {need} 句", "再补几句说法"),
    (r"intent '(?P<name>[^']*)' is already defined in (?P<where>.*)",
     "意图 {name} 写了两遍（另一处在 {where}）", "只留一处"),
    (r"intent '(?P<name>[^']*)' is not defined in any file",
     "意图 {name} 哪个文件里都没有", "把它加回它那一组的文件里"),
    (r"template error: .*", "模板的括号没配对", "检查 ( ) [ ] 是否成对，竖线 | 只能在圆括号里"),
    (r"example '(?P<text>.*)' of '(?P<a>[^']*)' is also an example of '(?P<b>[^']*)'.*",
     "“{text}”同时写在了 {a} 和 {b} 里", "一句话只能放在一个意图里：只留在它真正的意图里"),
    (r"example '(?P<text>.*)' of '(?P<a>[^']*)' is understood as '(?P<b>[^']*)'.*",
     "{a} 的说法“{text}”被机器听成了 {b}",
     "给 {a} 多加几句类似的说法；或者它本来就该属于 {b}，挪过去"),
    (r"'(?P<text>.*)' must not be '(?P<a>[^']*)' but is understood as it.*",
     "反例“{text}”被机器听成了 {a}", "给它真正的意图加说法，或者改掉 {a} 里太像它的句子"),
    (r"example '(?P<text>.*)' is empty after normalisation", "说法“{text}”去掉语气词以后是空的",
     "写一句完整的话"),
    (r".* must be a mapping.*", "这里应该是一组“名字: 内容”的行", "把下面的行缩进到它下面"),
    (r".* must be a non-empty text", "这里要写文字，不能空着", "在冒号后面写上"),
    (r".* must be text, got .*", "这里要写文字",
     "在冒号后面写文字；像 yes、no 这样的词要加引号"),
    (r".* must be a list", "这里应该是列表", "每一项单独一行，以“- ”开头"),
    (r"unknown slot type '(?P<t>[^']*)'", "槽位类型写错了：{t}", "改成表里有的类型"),
    (r"required slot '(?P<s>[^']*)' has no prompt", "必填的槽位 {s} 没有提示语",
     "在槽位下面加 prompt: 机器问的话"),
    (r"key '(?P<key>[^']*)' for (?P<role>\w+) is not 0, 9, \* or #",
     "{role} 的键 '{key}' 不能用：只能用 0、9、*、#", "1～8 是选项键；星号和井号要加英文引号"),
    (r"unknown command '(?P<c>[^']*)' for key '(?P<key>[^']*)'",
     "按键 {key} 的命令 '{c}' 写错了", "改成文件开头说明里列出的命令"),
    (r"bad function key name '(?P<key>[^']*)'", "按键名 '{key}' 不对", "只用小写字母、数字和 _"),
    (r"fee amount must be a number.*", "收费金额要写数字（元）", "写成 amount: 20 这样的数字"),
    (r"unknown category '(?P<c>[^']*)'", "分类写错了：{c}", "改成 guides/README.md 里的分类"),
    (r"id '(?P<id>[^']*)' does not match the file name.*", "id {id} 和文件名不一样",
     "改文件名或者改 id，让两个一样"),
    (r"warning: (?P<what>.*)", "提醒：这条事实很久没核对了", "按 basis 写的依据再核对一次，"
     "然后把 checked: 改成核对那天的日期"),
    (r"not UTF-8 text.*", "文件不是 UTF-8 编码", "用记事本“另存为”，编码选 UTF-8"),
    (r"invisible control character.*", "这里有一个看不见的控制字符", "删掉它（常常是从网页或 Word "
     "复制过来的）"),
    (r"(the )?file is empty", "文件是空的", "照备份把内容放回去，或者删掉这个文件"),
    (r"cannot read the file.*", "文件打不开", "检查文件在不在、机器有没有权限读"),
)
"""The problems staff meet most, in Chinese."""

_COMPILED = tuple((re.compile(pattern), message, fix) for pattern, message, fix in RULES)


def chinese_first(problem: Problem) -> Problem:
    """``problem`` with a Chinese message and fix first and the English after (unchanged
    when it is already Chinese, or one of the rare problems :data:`RULES` does not
    cover)."""
    if _CJK.match(problem.message):
        return problem
    for pattern, message, fix in _COMPILED:
        m = pattern.fullmatch(problem.message)
        if m is not None:
            groups = {k: v or "" for k, v in m.groupdict().items()}
            meant = re.search(r"did you mean '([^']*)'", problem.fix)
            rename = re.search(r"rename '([^']*)' to '([^']*)'", problem.fix)
            chinese = (f"应该是 '{meant.group(1)}'" if meant
                       else f"把 '{rename.group(1)}' 改成 '{rename.group(2)}'" if rename
                       else fix.format(**groups))
            return replace(problem,
                           message=f"{message.format(**groups)}（{problem.message}）",
                           fix=f"{chinese}（{_short(problem.fix)}）")
    return problem  # a rare one: as the loader words it


def _short(fix: str) -> str:
    """The English fix, without a list of every allowed name (the Chinese fix says where
    the list is)."""
    return re.sub(r"^use only: .*", "use only the placeholders listed in "
                  "intents/flows/README.md", fix)
