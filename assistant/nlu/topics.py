"""What a question is about, for the matcher (:mod:`assistant.nlu.matcher`).

A question (``guide.ask``: "补办身份证要带什么", "护照在哪里办") has an aspect — the question
word, found among the ``aspect`` words of ``guide.ask`` — and a topic: the rest of what was
said, read by the model among the self-service intents (slot ``service``) or looked up in
the guide catalogue (:class:`assistant.nlu.types.GuideFinder`) for a service outside them.
When the two disagree or the topic is found only weakly, the answer is confirmed, naming it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from assistant.config import MatcherConfig
from assistant.nlu.clauses import clauses
from assistant.nlu.cues import asks_after, document_words, other_offices_thing
from assistant.nlu.intents import IntentSet
from assistant.nlu.normalize import normalize
from assistant.nlu.phonetic import sound_key
from assistant.nlu.slot_words import GUIDE_ASK, SlotWords
from assistant.nlu.types import OUT_OF_SCOPE, GuideFinder, GuideRef

_NO_DOCUMENT = ("(?:证|照)(?:都|也)?还?没有(?!过期|到期|拿到|到|好|办好|下来|寄|出来"
                "|坏|丢|掉|带)")
NO_DOCUMENT = re.compile(_NO_DOCUMENT)
"""The document is not held at all ("护照还没有，办一本要多少"): never a look-up of one
applied for ("护照还没有寄到" is)."""
_FIRST = "第一次|首次|头一次|头一回|第一趟|头一趟|第一回"
"""The first time, also in Wu ("小人第一趟办通行证")."""
FIRST_TIME = re.compile(f"(?:{_FIRST}|从来没办过|从没办过|没办过|以前没有办过|新办"
                        f"|没出过(?:门|国|境)|{_NO_DOCUMENT})(?!来?[换补签续])")
"""A question about getting a document for the first time ("第一次办港澳通行证在哪里办");
not a first renewal or endorsement ("第一次换身份证")."""
_NOT_HELD = re.compile("(?:还|都|也|从来)?没(?:有)?(?:港澳|台湾|去香港的|去澳门的)?"
                       "(?:通行证|护照|身份证)(?!过期|到期|拿到|带|寄|下来|办好|好|出来)")
"""The document not held at all, said before its name ("我还没有通行证，第一次办"): never a
look-up of one applied for ("还没有拿到护照" is)."""
NEVER_DONE = re.compile("(?:从来|从|还|以前|之前)?没(?:有)?办过")
"""Never applied at all ("还没办过身份证"): never a look-up of an application made."""
FIRST_APPLICATION = re.compile(f"(?:{_FIRST})(?:来)?(?:办|申请|申领)|(?<!重)新办"
                               "|从来没办过|从没办过|没办过|以前没有办过|没出过(?:门|国|境)"
                               f"|{_NO_DOCUMENT}")
"""A request said to be the first application of its document ("第一次办", "通行证也还没有";
not "第一次来这里")."""
FIRST_SERVICE = re.compile(f"(?:{_FIRST})(?=来?[换补])")
"""The first renewal or replacement ("第一次换身份证"): the words are no topic — left in,
the catalogue finds the first application ("居民身份证首次申领") by them."""
APPLY_MARKS = ("申领", "首次")
"""Words in the title of a guide about getting a document (普通护照申领换发)."""
APPLY_SEARCHED = ("申领", "首次申领")
"""Added to a first-time question's topic for the catalogue's search: the first, and the
second too when the document was never applied for (:data:`NEVER_DONE`)."""
APPLY_SURE = 0.78
"""Search score at which the one application guide a first-time question finds is taken
without asking ("第一次办港澳通行证在哪里办": 往来港澳通行证申领换发 scores 0.80)."""


APPLY_ALONE = 0.6
"""... or this, when it is the only application guide found ("我从来没去过香港，通行证都没
有，第一次办要多少钱": 往来港澳通行证申领换发 alone, 0.65)."""


def _apply_marks(norm: str) -> tuple[str, ...]:
    """What a first-time question's topic is searched with (:data:`APPLY_SEARCHED`)."""
    return APPLY_SEARCHED if NEVER_DONE.search(norm) or _NOT_HELD.search(norm) else (
        APPLY_SEARCHED[:1])


def _clearly_one(hits: list[tuple[GuideRef, float]]) -> bool:
    """The best of ``hits`` scores :data:`APPLY_SURE` and leads the next by GUIDE_MARGIN,
    or is the only one and scores :data:`APPLY_ALONE`."""
    if len(hits) == 1:
        return hits[0][1] >= APPLY_ALONE
    return bool(hits) and hits[0][1] >= APPLY_SURE and hits[0][1] - hits[1][1] >= GUIDE_MARGIN


_STORY_CUTS = re.compile(f"想|要|是|{_FIRST}|从来没|从没|没办过")
"""Where a first-time story is cut into parts for the catalogue's search."""
MIN_PART = 3
"""Characters a part of a story needs to be searched on its own."""
HELD_DOCUMENT_FAMILIES = frozenset({"id_card", "exit_entry", "driver_license", "vehicle"})
"""Services done on a document already held (endorse a permit, renew a card): asked about
for the first time, the question is about applying for the document itself."""
STRONG_HIT = 0.75
"""Search score of a topic the catalogue finds surely (real topics score ≥ 0.75)."""
GUIDE_MARGIN = 0.05
"""Search-score lead a catalogue guide needs over the next to be taken without asking."""
OURS_CLOSE = 0.15
"""A catalogue guide outside the 13 items leads the model's service's own guide by less than
this: the service is meant, or the question is confirmed naming it."""
NAMED_SURE = 0.9
"""A question's topic read as one service at this share, naming that service's own
document, is sure without the catalogue's search agreeing."""
TOPIC_FOREIGN = 0.25
"""A question's topic read as out_of_scope with this probability is not taken as one of
the services without asking (on the dev sets: topics of right answers ≤ 0.21)."""


ABROAD = ("(?:国外|外国|境外|海外|日本|美国|韩国|英国|法国|德国|俄罗斯|澳大利亚|澳洲|加拿大|新西兰"
          "|新加坡|意大利|西班牙|泰国|越南|菲律宾|马来西亚|印尼|印度)")
"""Abroad, or a country abroad, as said ("儿子在澳大利亚考的驾照")."""
NAMED_TOPICS: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    (re.compile(r"临时(?:的|个|一张|一个|用的|用用的)?(?:身份)?证"
                r"|(?:坐|乘|赶)(?:飞机|火车|高铁|动车)[^。.!?！？]{0,14}?没(?:有)?(?:身份)?证"
                r"(?:[^。.!?！？]{0,3}(?:怎么|咋|哪能|啥|什么)|用)"),
     "huzheng.temporary_id_card", "临时居民身份证", "id_card"),
    (re.compile(r"(?:(?:[789]\d|[七八九]十[一二三四五六七八九]?)多?(?:岁|周岁)?(?:了|多了|以上)?"
                r"|年纪大了|岁数大了)[^，。,.!?！？]{0,4}(?:还(?:天天|每天|经常|一直|在|能|可以){0,2}开车"
                r"|开车[^，。,.!?！？]{0,3}(?:每年|体检|三力|年审))|(?:70|七十)(?:岁|周岁)以上"
                r"[^，。,.!?！？]{0,4}每年|(?:年纪|岁数)大了[^。.!?！？]{0,4}每年[^。.!?！？]{0,4}考"),
     "jiashizheng.over70_check", "七十周岁以上驾驶人提交身体条件证明", ""),
    (re.compile(r"(?:去|到|要去|要到)(?:香港|澳门)(?:去)?(?:读书|念书|上学|读大学|读研究生|留学"
                r"|工作|上班|打工|培训)"),
     "churujing.stay_endorsement", "往来港澳逗留签注", "exit_entry"),
    (re.compile(r"(?:(?:嫁到|嫁去|嫁在|定居|住在|落户在?|移民到?)(?:香港|澳门)"
                r"|在(?:香港|澳门)(?:定居|落户|安家|成家|结婚))[^。.!?！？]{0,14}?"
                r"(?:看看?|探亲|探望|去看|过去看)[^。.!?！？]{0,10}?(?:哪种|什么|啥|哪个|哪样)"),
     "churujing.visit_relatives_endorsement", "往来港澳探亲签注", ""),
    (re.compile(r"(?:香港|澳门).{0,8}?(?:医院|病危|病重|病得|住院|看病|治病|开刀|动手术|奔丧"
                r"|办丧事|过世|去世|打官司|应试)"
                r"|(?:病危|病重|住院|看病|治病|开刀|动手术|奔丧|办丧事|打官司).{0,8}?(?:香港|澳门)"),
     "churujing.other_endorsement", "往来港澳其他签注", "exit_entry"),
    (re.compile(r"户主.{0,8}?(?:换|改|变)(?:成|到|给|一下|人)"),
     "huzheng.householder_change", "户主变更", ""),
    (re.compile(ABROAD + r".{0,4}?(?:考的|考了|拿的|领的|学的|开的)(?:驾照|驾驶证)"),
     "jiashizheng.foreign_license", "境外驾驶证换领国内驾驶证", "driver_license"),
    (re.compile(r"(?:外籍|老外|外国人|" + ABROAD
                + r"(?:人|籍)).{0,24}?(?:生的|生了|出生|生下|生个)"),
     "churujing.foreign_baby", "在华出生外国婴儿出生登记", ""),
    (re.compile(r"(?:领养|收养|抱养).{0,20}?户口"), "huzheng.adoption_settle", "收养落户", ""),
    (re.compile(r"护照[^。.!?！？]{0,12}?(?:老名字|旧名字|原来的名字|以前的名字|(?:名字|姓名)"
                r"[^。.!?！？]{0,4}?(?:不一样|对不上|没改|还是老))"
                r"|(?:改了|改过|换了|改掉)(?:个)?(?:名字|姓名)[^。.!?！？]{0,16}?护照"),
     "churujing.passport_amendment", "护照变更加注", "exit_entry"),
    (re.compile(r"(?:名字|姓名)(?:已经)?(?:改|换|变)(?:掉|了|过|好)|改(?:了|过|好|掉)(?:个)?(?:名字|姓名)"
                r"|(?:想|要|好|能|可以)(?:把)?(?:名字|姓名)(?:改|换)(?:一改|一下|掉|个)"
                r"|(?:想|要)改(?:个|一个|一下)(?:名字|姓名)"),
     "huzheng.name_change", "姓名变更", ""),
    (re.compile(r"(?:身份证|新证|新的证)[^。.!?！？]{0,20}?(?:去|来|到窗口|窗口)(?:自己)?(?:拿|领|取)"
                r"[^。.!?！？]{0,10}?(?:带|拿|准备)[^。.!?！？]{0,3}(?:啥|什么|哪些|点啥|东西)"),
     "huzheng.id_card_collect", "居民身份证领取", ""),
    (re.compile(r"(?:身份证|新证|新的证)[^。.!?！？]{0,40}?(?:替|代)(?:伊|他|她|人家)?(?:去)?(?:领|拿|取)"
                r"[^。.!?！？]{0,3}(?:伐|吗|吧|不|好伐|可以|行)"),
     "huzheng.id_card_collect", "居民身份证领取", "id_card"),
    (re.compile(r"(?:捡到|捡着|捡了|拾到|拾着|拾得|捡起)[^。.!?！？]{0,40}?(?:交|送|还|上缴)"
                r"(?:到|给|去)?(?:哪里|哪儿|哪|啥地方|什么地方|谁|啥人|派出所)"),
     "qita.lost_found", "遗失物品招领", "id_card"),
    (re.compile(r"(?:号牌|车牌|牌照|牌子)(?:号码?)?[^。.!?！？]{0,6}?(?:好|能|可以)?(?:自家|自己|自)"
                r"(?:挑|选)"),
     "jidongche.plate_select", "机动车号牌号码选取", "vehicle"),
    (re.compile(r"(?:外国|老外|外籍)[^。.!?！？]{0,16}?(?:住|住在|来住|回来住)[^。.!?！？]{0,16}?登记"),
     "churujing.foreigner_accommodation", "境外人员住宿登记", ""),
    (re.compile(r"(?:车|车子)[^。.!?！？]{0,8}?(?:堵牢|堵住|挡住|堵了|挡牢|堵死)[^。.!?！？]{0,20}?"
                r"(?:挪|移开|开走)"),
     "weifa.move_car", "挪车求助", ""),
    (re.compile(r"(?:驾照|驾驶证)[^。.!?！？]{0,4}?过期(?:了)?(?:一年|两年|二年|三年|几年|好几年|[一二两三四五六七八九十\d]+年)"),
     "jiashizheng.restore", "恢复驾驶资格", "driver_license"),
    (re.compile(r"取保候审|保释金|保证金[^。.!?！？]{0,10}?(?:退|拿回|领回|还给|还回)"),
     "qita.bail_deposit_refund", "取保候审保证金退还", ""),
    (re.compile(r"(?:银行卡|电话卡|手机卡|卡)[^。.!?！？]{0,16}?(?:涉诈|涉嫌诈骗|断卡)"
                r"|(?:涉诈|涉嫌诈骗)[^。.!?！？]{0,10}?(?:限制|冻结|冻牢|停掉|停用|封掉|管控)"),
     "wangan.card_restriction_appeal", "涉诈银行卡和电话卡管控申诉", ""),
    (re.compile(r"^(?!.*(?:刚生|刚出生|新生儿|满月|出生证|生出来))"
                r".*(?:没|没有|一直没)(?:上|报|落|登记)(?:过)?户口"),
     "huzheng.unregistered", "无户口人员登记户口", ""),
    (re.compile(r"(?:老头子?|老太婆|老伴|老公|老婆|丈夫|妻子|爸爸?|妈妈?|阿爸|阿妈|姆妈|父亲|母亲"
                r"|爷爷|奶奶|外公|外婆|阿爷|阿娘|娘|哥哥?|阿哥|姐姐?|阿姐|弟弟|妹妹)"
                r"[^。.!?！？]{0,6}?(?:走掉了|走了|过世|过背|去世|故世|死了|死掉了|没了|老掉了)"
                r"[^。.!?！？]{0,30}?(?:(?:伊|他|她)(?:的|那张|那个|个|额|嗰)?身份证"
                r"|户口(?:本)?(?:要|一定要|好)?(?:去)?(?:销|注销))"),
     "huzheng.death_cancellation", "死亡注销户口", "id_card"),
    (re.compile(r"(?:老婆|老公|媳妇|丈夫|妻子|女婿|儿媳妇?|太太)(?:是|也是)?(?:外国人|老外|外籍|"
                + ABROAD + r"(?:人|籍))[^。.!?！？]{0,30}?(?:住|待|呆|居留|生活|定居)"),
     "churujing.foreigner_residence", "外国人居留许可", ""),
    (re.compile(r"护照[^。.!?！？]{0,40}?(?:寻着|寻到|找到|找着|找回|翻出来|翻着|寻出来)"
                r"[^。.!?！？]{0,20}?(?:还好用|还能用|能不能用|好不好用|好用伐|作废|有用伐|还有用)"),
     "churujing.passport_replace", "普通护照遗失补发", "exit_entry"),
    (re.compile(r"护照[^。.!?！？]{0,6}?(?<!不是)(?<!勿是)(?<!没有)(?<![没寄])"
                r"(?:寻勿着|寻不着|寻不到|找不到|找不着|丢了|丢掉|弄丢|掉了|不见了"
                r"|[塞放搁摆落弄藏](?:到|在)?(?:哪里|哪儿|哪|啥地方)(?:去)?了"
                r"|被偷|被人偷|落脱)(?![^。.!?！？]{0,20}?(?:寻着|寻到|找到|找着|找回|翻出来))"),
     "churujing.passport_replace", "普通护照遗失补发", "exit_entry"),
    (re.compile(r"^(?!.*(?:租给|租出|出租|房东|房客|租客)).*?(?:"  # the tenant, not the landlord
                r"(?:我|阿拉|自己|我们|俺)[^。.!?！？]{0,16}?(?:租了|租个|租间|租的|租房|租一间|借住)"
                r"[^。.!?！？]{0,30}?(?:登记|报个到)"
                r"|(?:外地人|外地来的|外来的|打工的)[^。.!?！？]{0,16}?(?:要|去|得|好)(?:去)?登记)"),
     "huzheng.residence_registration", "流动人口居住登记", ""),
    (re.compile(r"^(?=.*(?:身份证|户口))(?!.*(?:出生证|出生医学|房产|医院|改过来了|改好了))"
                r".*?(?:(?:出生日期|出生年月|生日|出生年份)[^。.!?！？]{0,24}?"  # ours, not a
                # hospital's paper, nor one already corrected
                r"(?:错|不对|早了|晚了|大了|小了|多了|少了|对不上|不一样)"
                r"|(?:名字|姓名)[^。.!?！？]{0,6}?(?:写|打|登记|弄|搞)错)"),
     "huzheng.info_correction", "户口登记项目变更更正", "id_card"),
    (re.compile(r"(?:浙[a-km-z]|外地|外省|别的地方|老家)[^。.!?！？]{0,4}?(?:的)?(?:牌照|车牌|牌子|号牌|车子|车)"
                r"[^。.!?！？]{0,16}?(?:换成|改成|转成|转到|迁到|迁过来|变成|上)(?:个|成)?"
                r"(?:浙l|本地|舟山|这里)"),
     "jidongche.move_in", "机动车转入（外地车迁入）", "vehicle"),
)
"""Topics named by words no service's examples hold, each ``(words, guide id, the
catalogue's title, the family of services it is meant over even when one of them is
read surely — "" for none)``: a temporary ID card while the new one is in the post ("新身份证还没
寄到……有没有临时的证好开", "新身份证要等十来天才寄到，我后天要坐飞机，没证怎么办" are no
look-up of the new card), a driver over seventy ("我爸
七十二了还在开车，他驾照每年要去弄啥" is no licence replacement; "我七十二了还在开车，驾照
丢了要补" is), going to Hong Kong or Macau to study or work (the stay endorsement of the
window, never a tourist endorsement here: "孙子下个月去香港读书，签注要弄一下"; not "孙子在香港
读书，我去看看他"), and which endorsement a visit to family living there takes ("女儿嫁到香
港去了，我想过去看看她，要办哪种签注": the family-visit endorsement of the window, asked about
— read as a tourist endorsement only unsurely), and a visit for an illness, a funeral or a
court case there ("我姆妈在香港医院里，病危了，旅游签注好用伐": the window's other
endorsement, fourteen days — never the tourist endorsement read surely), and the
householder changed ("户口本上户主是伊，现在要换成我": not the death registration told
before it), a licence got abroad ("儿子在澳大利亚考的驾照，要换成国内的驾照": not
a replacement here) and a baby born here to foreign parents ("女婿也是日本人，回舟山来生
的小人，要去登记伐"), an adopted child's registration ("从福利院领养了个小囡……户口到哪里
去上": no look-up) and a child never registered ("四岁了还没上户口，人家讲要先交罚款": no
traffic fine; a newborn's is the birth registration), and a name changed ("户口本上名字改掉了，
身份证要重新换伐？换一张几钿？": the name change's note on the new card, not the renewal's
fees by expiry or damage), and what to bring to collect the new card ("新身份证去拿的时候要带
啥": the collection's receipt and old card, not the look-up's), and the card of a relative who
has died ("老头子上个月走掉了，伊那张身份证要交到派出所去伐": the death registration's), and a
foreign spouse who stays ("我老婆是越南人……以后要一直住在舟山，要去办点啥证件": the residence
permit for family reunion, not the move of a household registration), and a lost passport
found after its replacement ("……补办掉了，昨日又在箱子底里翻出来了，老的搿本还好用伐": void
since, not a look-up of the application), and whether someone else may collect a new card
("伊人在上海回勿来，我好替伊去领伐"), where to hand in a card found ("捡着一只皮夹子，里头有别人家额
身份证，我要交到哪里去": no replacement of one's own card), choosing a new car's plate number ("号牌
好自家挑伐": not a plate replacement), getting a bail deposit back, a restricted bank or phone card
("讲是涉诈被限制了") and a passport still in an old name ("改了名字，护照上还是老名字": the
passport's amendment, not the name change at the household register), a lost passport ("护照寻
勿着了"; not "护照不是丢了"), a foreigner staying at home to be registered, a car blocked in
("车子被别人额车堵牢了……好帮我叫人挪伐") and a licence expired for years ("驾照过期两年多了":
restored, not renewed)."""


@dataclass(frozen=True)
class Topic:
    """What a question asks about."""

    slots: dict[str, Any]
    """``aspect`` and ``service`` slots of the question (each only when found)."""
    guide: GuideRef | None
    """A catalogue guide the question is about (for services outside the 13)."""
    sure: bool
    """False when the topic was found only weakly (then confirm, naming it)."""


SPELLINGS = ("身份证", "驾驶证", "行驶证", "通行证", "居住证", "护照", "驾照")
"""The catalogue's spelling of the documents people ask about, for names misheard or
mistyped with the same sound (身分证, 森份证, 驾使证)."""


TITLED = ("身份证", "通行证", "护照", "行驶证", "居住证")
"""Documents a guide's title names when it is about them (not so 驾照: "驾驶人体检")."""


_PEOPLE = frozenset({"老头", "头子", "老太", "太婆", "老人", "老伴", "孙子", "孙女", "儿子", "女儿",
                     "小孩", "孩子", "我的", "一个", "人走"})
"""Words for people that a guide's alias may hold ("老头子走了") but that name no topic."""


def _shares_a_word(question: str, names: tuple[str, ...]) -> bool:
    """``question`` holds two characters in a row of one of a guide's ``names`` (its title
    and aliases: its words, not only its characters — "卫生间" shares nothing with
    集会游行示威许可)."""
    for name in names:
        plain = re.sub(r"[（）()]", "", name)
        if any((pair := plain[i:i + 2]) in question and pair not in _PEOPLE
               for i in range(len(plain) - 1)):
            return True
    return False


def _not_its_paper(document: str, names: tuple[str, ...], said: str) -> bool:
    """``document`` (a 证 the question ``said`` names, not a 证明) is none of the kiosk's own
    kinds (:data:`TITLED`) and none of a guide's ``names`` holds it: another office's paper."""
    right = spelt_right(document)
    return (right.endswith("证") and f"{document}明" not in said and right not in TITLED
            and not any(right in n for n in names))


def _titled(document: str, title: str) -> bool:
    """``title`` names ``document`` if it is one of :data:`TITLED` (spelt right): "我从来没出
    过门，通行证也没有，第一次办" is never about 居民身份证首次申领."""
    right = spelt_right(document)
    return right not in TITLED or right in title


def spelt_right(topic: str) -> str:
    """``topic`` with each document name that sounds like one of :data:`SPELLINGS` (accent
    folds included) spelt as that one."""
    for word in document_words(topic):
        key = sound_key(word)
        right = next((r for r in SPELLINGS if r != word and sound_key(r) == key), None)
        if right is not None:
            topic = topic.replace(word, right)
    return topic


_NO_TOPIC = re.compile(r"这个|那个|搿个|该个|格个|这|那|搿|到|去|来|弄|办|搞|的|了|呢|啊|呀|吗|伐"
                       r"|我|侬|你|要|想|可以|能|好|在|个|事|情|件|桩|手续|一下|下|再|先|，|,|。|？|\?")
"""Words that name no topic: a question of only these ("这个到哪里去弄") asks about what
was said before it."""
_MATERIAL_PAPERS = re.compile(
    r"户口本|户口簿|户口薄|户口册|户口|结婚证|出生证明|出生证|照片|相片|回执")
"""Papers asked about as something to bring: the question's topic is the document it is
brought for, when another is named ("补办身份证，户口本要带过来伐")."""


PHOTO = "photo.id_photo"
_ONE_PHOTO_FOR_ALL = re.compile(
    r"(?:照片|相片|照相|拍照|照一?[张回次趟]?相|拍一?[张回次趟]?照?)[^，,。？?]{0,14}?"
    r"(?:一道|一起|一块|都|通|两样|两个|同时)(?:好|能|可以)?用")
"""Whether one photo serves several documents ("照一回相……好一道用伐", "拍一次照片身份证和通行证
都能用吗"): a question about the photo booth."""


class QuestionTopics:
    """Finds the aspect and topic of questions against an :class:`IntentSet`."""

    def __init__(
        self,
        intents: IntentSet,
        names: list[str],
        service: NDArray[np.bool_],
        oos: int,
        config: MatcherConfig,
        guides: GuideFinder | None,
        probabilities: Callable[[str], NDArray[np.float64]],
        words: SlotWords,
        names_own: Callable[[str, str], bool] | None = None,
    ) -> None:
        self.intents = intents
        self.names = names
        """Intent names, index as the model's probabilities."""
        self._index = {name: i for i, name in enumerate(names)}
        self._service = service
        """Per intent: a self-service item or look-up (``service`` / ``query``)."""
        self._oos = oos
        """Index of ``out_of_scope``, -1 without one."""
        self.config = config
        self.guides = guides
        """Resolves questions about services outside the catalogue to a guide (optional)."""
        self._probabilities = probabilities
        """The matcher's calibrated probability per intent of a text."""
        self._words = words
        """The enum words, among them the question words (``aspect`` of ``guide.ask``)."""
        self._names_own = names_own
        """Whether a text names one of a service's own documents, by sound
        (:meth:`assistant.nlu.cues.Documents.names_own`)."""

    def of(self, norm: str, text: str = "") -> Topic:
        """A question: its aspect, and its topic — one of our services or a guide.

        ``text`` (as said, with its punctuation): when the whole story names no topic, or
        names one only weakly, the clause that asks (with the one before it) is read on its
        own — "阿拉外孙女要去日本读书，护照办一本几钿": the passport, not the whole story."""
        if _ONE_PHOTO_FOR_ALL.search(norm) and PHOTO in self.intents:
            # "照一回相，办身份证跟办港澳通行证好一道用伐": the photo is asked about, not
            # either document
            aspect = self._words.aspect_of(norm)
            return Topic({"aspect": aspect[0] if aspect else "overview", "service": PHOTO},
                         None, True)
        topic = self._of(norm)
        if not text or (topic.sure and (topic.guide is not None or "service" in topic.slots)):
            return topic
        near = None
        for focus in self._asking_clauses(text):
            named = document_words(focus)
            if focus == norm or not named:  # the clause must name a document ...
                continue
            found = self._of(focus)
            if self._names_all(found, named):  # ... and what it finds must be about it
                near = found
                break
        if near is None:
            return topic
        if topic.guide is None and "service" not in topic.slots:
            return near  # the story named nothing: the clause that asks decides
        return near if near.sure else topic

    def named(self, norm: str, read_as: str, sure: bool) -> GuideRef | None:
        """The guide of :data:`NAMED_TOPICS` whose words ``norm`` holds, if the catalogue
        has it and ``norm`` was read (``read_as``) as a question, as nothing, as anything
        not ``sure`` enough to act on, or as a service of the family the guide is meant
        over."""
        weak = read_as in (GUIDE_ASK, OUT_OF_SCOPE) or not sure
        for words, guide_id, title, family in NAMED_TOPICS:
            if words.search(norm) is not None and not other_offices_thing(norm, (title,)) and (
                    weak or (family and read_as.startswith(family + "."))):
                # (not "电费单子上嗰户主要改成我嗰名字": the power company's)
                return next((ref for ref, _ in self._guide_hits(title, 5)
                             if ref.id == guide_id), None)
        return None

    def by_alias(self, norm: str, *, exact: bool = False) -> GuideRef | None:
        """The one guide outside the self-service items one of whose own aliases ``norm``
        holds ("房子租给外地人，要登记伐": 出租房屋登记; ``exact``: word for word only); a
        finder without aliases finds none.  Asked for a reading of a question or of nothing
        (:func:`assistant.nlu.second_look.named_topic`), and word for word only over a
        service read unsurely (with a few words between, it turned six requests into
        guide answers)."""
        by_alias = getattr(self.guides, "by_alias", None)  # the catalogue's, not a test's
        if not callable(by_alias):
            return None
        found = by_alias(norm, exact=exact)
        return found if isinstance(found, GuideRef) else None

    def found_strongly(self, norm: str, guide: GuideRef) -> bool:
        """``guide`` is the catalogue's best hit for ``norm`` and scores at least
        :data:`STRONG_HIT` ("开拖拉机谁管你" finds 校车驾驶资格申请 only at 0.61)."""
        hits = self._guide_hits(norm, 1)
        return bool(hits) and hits[0][0] == guide and hits[0][1] >= STRONG_HIT

    def strong_guide(self, norm: str, text: str, *, sure: bool = True) -> GuideRef | None:
        """The catalogue guide of a question (:meth:`of`) when the catalogue finds it
        strongly (:meth:`found_strongly`) — and, with ``sure``, surely."""
        topic = self.of(norm, text)
        guide = topic.guide
        if guide is None or (sure and not topic.sure) or not self.found_strongly(norm, guide):
            return None
        return guide

    def about_own_document(self, service: str, guide: GuideRef) -> bool:
        """``guide``'s title names a document of ``service``'s own ("驾驶证被吊销后重新申领"
        for 补领驾驶证; not "居住证……" for the photo booth)."""
        return self._names_own is not None and self._names_own(service, guide.title)

    def _names_all(self, topic: Topic, documents: set[str]) -> bool:
        """``topic`` found a guide or service whose title names every one of ``documents``
        ("补领身份证" for 身份证; not "居民身份证首次申领" for 通行证)."""
        service = topic.slots.get("service")
        if topic.guide is not None:
            title = topic.guide.title
        elif isinstance(service, str):
            title = self.intents[service].title
        else:
            return False
        return all(spelt_right(d) in title for d in documents)

    def _asking_clauses(self, text: str) -> list[str]:
        """The normalised clause of ``text`` that holds the question word — first with the
        one document the story before it names, when the clause names none — then the
        clause alone, then with the clause before it (empty when no clause holds it)."""
        parts = [n for p in clauses(text) if (n := normalize(p))]
        for i in range(len(parts) - 1, -1, -1):
            if self._words.aspect_of(parts[i]):
                out = [parts[i]] + (["".join(parts[i - 1 : i + 1])] if i > 0 else [])
                if not document_words(parts[i]):  # "……身份证……又落脱了，补一张要多少钞票"
                    named = sorted(document_words("".join(parts[:i])))
                    if len(named) == 1:
                        out.insert(0, named[0] + parts[i])
                return out
        return []

    def _topic_words(self, norm: str, found: tuple[str, str] | None) -> str:
        """``norm`` without its question words (``found``: the aspect and its word)."""
        rest = norm.replace(found[1], "", 1) if found else norm
        for word, _ in self._words.aspects:  # "要什么材料": every question word, not only one
            if len(word) >= 2:
                rest = rest.replace(word, "")
        rest = FIRST_SERVICE.sub("", rest)
        return rest if _NO_TOPIC.sub("", rest) else ""  # "这个到哪里去弄": what "这个" is
        # was said before, if at all

    def names_nothing(self, norm: str) -> bool:
        """A question of only question and function words ("这个到哪里去弄")."""
        return not self._topic_words(norm, self._words.aspect_of(norm))

    def _of(self, norm: str) -> Topic:
        found = self._words.aspect_of(norm)
        rest = self._topic_words(norm, found)
        if found and found[0] == "materials":
            lean = _MATERIAL_PAPERS.sub("", rest)
            if lean != rest and document_words(lean):
                rest = lean  # "补办身份证要带户口本吗": 身份证's materials, not 户口本's guide
        slots: dict[str, Any] = {"aspect": found[0]} if found else {}
        if found and (also := self._words.aspect_of(norm.replace(found[1], "", 1))) and (
                also[0] not in (found[0], "overview")):
            slots["also"] = also[0]  # "要到哪里办，几钿": the fee is asked too
        guide: GuideRef | None = None
        sure = True
        bare = self._bare_topic(rest) if rest else None
        if bare is not None:
            # only a topic several guides share ("驾驶证在哪里办"): its base guide, or the
            # question is confirmed naming one — never a specialised guide by guess
            guide, sure, base, among = bare
            if not base:  # no base guide: the self-service item the model reads, if it is one
                service = self._service_reading(rest)
                own = self.intents[service].guide if service is not None else None
                if service is not None and own in among:
                    guide = GuideRef(str(own), self.intents[service].title)
            service = self._service_of(guide)
            if service is not None:
                slots["service"] = service
        elif rest:
            topic = self._probabilities(rest)
            mask = self._service.copy()
            if self._oos >= 0:
                mask[self._oos] = True
            topic = np.where(mask, topic, 0.0)
            total = float(topic.sum())
            best = int(np.argmax(topic))
            share = float(topic[best]) / total if total > 0 else 0.0
            service = self.names[best] if best != self._oos else None
            hits = self._guide_hits(rest)
            own = self.intents[service].guide if service is not None else None
            top = hits[0] if hits else None
            scores = {ref.id: score for ref, score in hits}
            ours = (  # the service the model sees is as good a reading of the topic
                service is not None
                and share >= self.config.topic_at
                and top is not None
                and own in scores
                and top[1] - scores[own] < GUIDE_MARGIN
            )
            alone = top is not None and (len(hits) < 2 or top[1] - hits[1][1] >= GUIDE_MARGIN)
            agreed = self._agreed_service(topic, top, total) if alone else None
            if top is not None and top[0].id != own and not ours and not self._is_service_guide(
                top[0]
            ):
                # a guide outside the 13 items that the user named ("护照", "临时身份证"),
                # sure when it names the documents the question names ("通行证也没有，第一次
                # 办多少钱" finds 居民身份证首次申领 alone: named in a question)
                guide, sure = top[0], alone
                names = self.names_of(guide)
                if not _shares_a_word(spelt_right(rest), names):
                    # "卫生间在哪里" finds 集会游行示威许可 alone, weakly: the question names
                    # nothing of it — no guide guessed ("您想问哪项业务……？")
                    guide, sure = None, False
                elif other_offices_thing(rest, names):
                    sure = False  # "燃气瓶到期要检验": 检验 is no vehicle's inspection
                elif any(_not_its_paper(d, names, rest) for d in document_words(rest)):
                    sure = False  # "开出租的从业资格证年审": 资格证 is none of 居住证签注's
                elif not all(_titled(d, guide.title) for d in document_words(rest)):
                    applying = self._applying_in_story(rest)
                    guide, sure = (applying[0][0], _clearly_one(applying)) if applying else (
                        None, False)  # which one? asked ("您想问哪项业务……？")
                if service is not None and own in scores and top[1] - scores[own] < OURS_CLOSE:
                    # "身份证补办要几天能拿到": the service the model reads is nearly as good a
                    # match (拿到 ~ 领取): never answered from the other guide without asking
                    guide, sure = None, share >= self.config.topic_at
                    slots["service"] = service
            elif agreed is not None and (own not in scores or share < self.config.topic_at):
                # the model leans to a service and the catalogue names alone the guide of
                # it or of the model's second reading: two readings agree ("签注机在哪里":
                # 签注 or its progress? the catalogue says 签注)
                slots["service"] = agreed
            elif service is not None and share >= self.config.topic_at:
                slots["service"] = service
                # the catalogue must agree: "通行证在哪里办" is no progress query, "驾照要几天"
                # names no one service (its answer is confirmed, naming the guide); and the
                # topic must not as well be another office's business ("寄快递到香港要多少钱"
                # is asked "您是想问港澳签注的费用吗？", not answered with the endorsement fee)
                foreign = float(topic[self._oos]) if self._oos >= 0 else 0.0
                named = (share >= NAMED_SURE and self._names_own is not None
                         and self._names_own(service, rest))  # the catalogue's search is
                # thrown by words around the name ("森份证寻勿着了，再补一张"): the service's own
                # document named, and a clear reading, are agreement enough
                sure = (self.guides is None or own in scores or named) and (
                    foreign < TOPIC_FOREIGN)
            elif top is not None:
                guide = top[0]
                sure = False
            elif service is not None and share >= self.config.reject_below:
                slots["service"] = service
                sure = False
        held = slots.get("service")
        if isinstance(held, str) and FIRST_TIME.search(norm) and held.split(".")[0] in (
                HELD_DOCUMENT_FAMILIES) and (not held.endswith(".progress")
                                             or NO_DOCUMENT.search(norm)
                                             or NEVER_DONE.search(norm)):
            # "从来没办过港澳通行证，第一次办，在哪里办": applying for the document, not a
            # service on one already held (an endorsement, a renewal) — the catalogue's
            # guide of it, named in a question (never "本机就能办"); never applied for at
            # all ("还没办过身份证"): its first application too
            applying = self._applying_in_story(
                rest, _apply_marks(norm))
            first = [ref for ref, _ in applying] or [
                ref for ref, _ in self._guide_hits(rest) if not self._is_service_guide(ref)]
            if first:
                del slots["service"]
                guide, sure = first[0], _clearly_one(applying)
        elif (guide is not None and FIRST_TIME.search(norm)
                and not any(m in guide.title for m in APPLY_MARKS)):
            # "从来没出过门，通行证都还没有，要到哪里去办": the document's own application
            # guide, not an endorsement on it ("探亲签注")
            applying = self._applying(
                rest, _apply_marks(norm))
            if applying:
                guide, sure = applying[0][0], _clearly_one(applying)
        held = slots.get("service")
        if isinstance(held, str) and held.endswith(".progress") and (
                slots.get("aspect") == "duration"
                or (slots.get("aspect") == "conditions" and not asks_after(norm))):
            # "身份证补办好，寄到屋里要多长辰光", "签注签好要等几天才能拿": how long the
            # service takes, never how long a look-up takes — the service of the same
            # family that the model reads best (named in a question unless it leads clearly);
            # so whether it can be done, when nothing is asked after ("通行证快到期了，签注
            # 还能签吗": the endorsement's conditions, not the look-up's)
            family = held.split(".")[0] + "."
            kin = np.array([self._service[i] and n.startswith(family)
                            and not n.endswith(".progress") for i, n in enumerate(self.names)])
            probs = np.where(kin, self._probabilities(rest), 0.0)
            total = float(probs.sum())
            best = int(np.argmax(probs))
            leads = total > 0 and float(probs[best]) / total >= self.config.topic_at
            if total > 0 and (leads or slots.get("aspect") == "duration"):
                # (whether it can be done: only when one service of the family leads — "护照
                # 办好了能不能寄到家里" is no endorsement's)
                slots["service"] = self.names[best]
                sure = sure and leads
                if guide is not None and guide.id == self.intents[held].guide:
                    guide = None  # (the look-up's guide goes with it: "签注几天好")
        if slots.get("aspect") == "validity" and isinstance(held, str) and held.endswith(
                ".progress"):
            # "护照有效期几年", "新身份证能用几年": how long a document is good for is never
            # a question about a look-up of an application — the document's own guide,
            # named in a question
            del slots["service"]
            for ref, _ in self._guide_hits(re.sub("几年|几个月|多长时间|多久|能用|管", "", rest)):
                service = self._service_of(ref)
                if service is None or not service.endswith(".progress"):
                    if service is not None:
                        slots["service"] = service
                    else:
                        guide = ref
                    break
            sure = False
        if "service" not in slots and guide is None:
            sure = False
        return Topic(slots, guide, sure)

    def _applying(self, topic: str, marks: tuple[str, ...] = APPLY_SEARCHED[:1],
                  ) -> list[tuple[GuideRef, float]]:
        """Guides about getting the document ``topic`` names (申领 or 首次 in the title, and
        every document ``topic`` names), best first, with their search scores: what a
        first-time question is about (``marks``: added to ``topic`` for the search, the
        better score kept)."""
        named = document_words(topic)
        best: dict[GuideRef, float] = {}
        for mark in marks:  # "身份证申领" scores 居民身份证首次申领 only 0.51
            for ref, score in self._guide_hits(topic + mark, 5):
                best[ref] = max(score, best.get(ref, 0.0))
        return sorted(((ref, score) for ref, score in best.items()
                       if any(m in ref.title for m in APPLY_MARKS)
                       and not self._is_service_guide(ref)
                       and all(_titled(d, ref.title) for d in named)), key=lambda hit: -hit[1])

    def first_application(self, service: str, norm: str) -> GuideRef | None:
        """The catalogue's guide of applying for ``service``'s document when the user says
        it is the first time ("我要办个港澳通行证，第一次办" read as the endorsement: the
        permit is applied for at the window; "从来没办过身份证" read as a look-up); ``None``
        when nothing says so, for a look-up of an application made or a first renewal
        ("第一次换身份证"), or when the catalogue has no such guide."""
        if not self._service[self._index[service]] or (
                service.endswith(".progress") and not NEVER_DONE.search(norm)
                and not _NOT_HELD.search(norm)) or (
                service.split(".")[0] not in HELD_DOCUMENT_FAMILIES) or (
                not FIRST_APPLICATION.search(norm)):
            return None
        applying = self._applying_in_story(
            FIRST_SERVICE.sub("", norm),
            _apply_marks(norm))
        return applying[0][0] if applying else None

    def _applying_in_story(self, topic: str, marks: tuple[str, ...] = APPLY_SEARCHED[:1],
                           ) -> list[tuple[GuideRef, float]]:
        """:meth:`_applying` of ``topic``, else of the parts of a long first-time story cut
        at its "想/要/是" and first-time words ("我从来没去过香港想办个去香港的证第一次办是
        去办" → "办个去香港的证"): the catalogue's search is thrown by the story around the
        document."""
        whole = self._applying(topic, marks)
        if whole:
            return whole
        found: list[tuple[GuideRef, float]] = []
        for part in _STORY_CUTS.split(topic):
            if len(part) >= MIN_PART:
                found.extend(self._applying(part, marks))
        return sorted(found, key=lambda hit: -hit[1])

    def _agreed_service(
        self,
        topic: NDArray[np.float64],
        top: tuple[GuideRef, float] | None,
        total: float,
    ) -> str | None:
        """The service of the catalogue's best guide ``top`` when the model reads it as one
        of its two likeliest services with at least ``reject_below`` of their combined
        probability (``topic``: probability per intent, services and out_of_scope only)."""
        if top is None or total <= 0:
            return None
        service = self._service_of(top[0])
        if service is None:
            return None
        at = self._index[service]
        services = np.where(self._service, topic, 0.0)
        two = np.sort(services)[-2:]
        if topic[at] < two[0] or topic[at] <= 0:
            return None
        return service if float(topic[at]) / float(two.sum()) >= self.config.reject_below else None

    def names_of(self, guide: GuideRef) -> tuple[str, ...]:
        """``guide``'s title and aliases (the title alone with a finder that has no aliases)."""
        names_of = getattr(self.guides, "names_of", None)
        found = names_of(guide.id) if callable(names_of) else ()
        return tuple(found) or (guide.title,)

    def _guide_hits(self, topic: str, limit: int = 3) -> list[tuple[GuideRef, float]]:
        """Catalogue guides the topic names, with scores (a plain finder: its one guide)."""
        if self.guides is None:
            return []
        hits = getattr(self.guides, "hits", None)
        if callable(hits):
            found = hits(topic, limit)
            if not found and (spelt := spelt_right(topic)) != topic:
                found = hits(spelt, limit)  # "身分证落脱了": the catalogue spells 身份证
            last = max((topic.rfind(word) for word in document_words(topic)), default=-1)
            if not found and last > 0:  # "外孙女户口在衢州……护照好在舟山办伐": what is
                found = hits(topic[last:], limit)  # told first throws the search
            return [(ref, float(score)) for ref, score in found]
        ref = self.guides.find(topic)
        return [(ref, 1.0)] if ref is not None else []

    def _bare_topic(
        self, topic: str
    ) -> tuple[GuideRef, bool, bool, frozenset[str]] | None:
        """``(guide, sure, base guide?, ids of the topic's guides)`` when the question names
        only a topic shared by several guides and nothing that distinguishes one
        (``CatalogueGuides.topic``); None otherwise or with a finder that cannot tell."""
        finder = getattr(self.guides, "topic", None)
        if not callable(finder):
            return None
        found = finder(topic)
        guide = getattr(found, "guide", None)
        if not isinstance(guide, GuideRef):
            return None
        among: frozenset[str] = frozenset(getattr(found, "guides", ()))
        return (
            guide,
            bool(getattr(found, "sure", False)),
            bool(getattr(found, "base", False)),
            among,
        )

    def _service_reading(self, topic: str) -> str | None:
        """The self-service intent the model reads in a question's topic, if it leads
        clearly enough (``topic_at`` of the service probabilities)."""
        probs = self._probabilities(topic)
        probs = np.where(self._service, probs, 0.0)
        total = float(probs.sum())
        if total <= 0:
            return None
        best = int(np.argmax(probs))
        return self.names[best] if float(probs[best]) / total >= self.config.topic_at else None

    def _service_of(self, ref: GuideRef) -> str | None:
        """The self-service intent whose guide ``ref`` is, if any."""
        for name in self.names:
            if self._service[self._index[name]] and self.intents[name].guide == ref.id:
                return name
        return None

    def _is_service_guide(self, ref: GuideRef) -> bool:
        """The guide of one of our 13 self-service intents."""
        return any(
            self.intents[n].guide == ref.id for n in self.names if self._service[self._index[n]]
        )

