"""Services asked for on someone else's behalf.

Renewing an ID card or a driving licence, an endorsement or a registration certificate
needs the holder's face at the kiosk.  "他的驾驶证到期了，我来帮他换" is asked for someone
who may not be here: the kiosk asks whether that person is here before it starts
(:meth:`assistant.dialog.menus.Menus.ask_holder_here`), instead of failing the face check
after the card, the plate and the photo.  Someone said to be here ("她就在旁边", "我陪她来
的") is not asked about.
"""

from __future__ import annotations

import re

from assistant.dialog.steps import DeviceStep, Flow

_KIN = (
    r"(?:我|阿拉|我们)?(?:家)?(?:老头子?|老太婆|老太太|老伴|老公|老婆|男人|爱人|爸爸?|妈妈?"
    r"|老爸|老妈|老娘|父亲|母亲|儿子|女儿|孙子|孙女|外孙女?|外公|外婆|爷爷|奶奶|阿爷|阿娘"
    r"|公公|婆婆|丈人|丈母娘|哥哥?|姐姐?|弟弟?|妹妹?)|他|她|伊"
)
ON_BEHALF = re.compile(rf"(?:帮|替|代|给)(?:{_KIN})[^，。,.!?！？]{{0,4}}?[换补办签弄领]")
"""A service asked for someone else ("我来帮他换", "替我老娘补身份证")."""
KIN_TRIP = re.compile(rf"^(?:(?![跟和同带陪])[^，。,.!?！？]){{0,4}}?(?:{_KIN})(?:的)?"
                      r"[^，。,.!?！？我]{0,8}?"
                      r"(?<![嫁搬迁])(?:要去|去|到|要到)(?:香港|澳门|台湾)")
"""A relative's trip told first ("阿拉孙子下个月去香港玩，签注要弄一下"): the endorsement is
theirs, so they must be here (not "我跟老伴下个月去澳门": the speaker goes too; nor "女儿嫁到
香港了，我要去看她": she lives there)."""
KIN_DOCUMENT = re.compile(rf"^(?:(?![跟和同带陪])[^，。,.!?！？]){{0,4}}?(?:{_KIN})"
                          r"(?:的|讲|说|额|嗰)?[^，。,.!?！？我]{0,3}?"
                          r"(?:身份证|驾驶证|驾照|通行证|签注|行驶证)")
"""A relative's document told first ("阿拉老太婆讲身份证寻勿着了", "我儿子的驾照到期了"): theirs,
so whether they are here is asked (not "我跟老伴的身份证": the speaker's too)."""
HERE = re.compile(
    r"在旁边|在边上|在身边|在这里|在这儿|在这边|在门口|人在(?!外|车|家|屋|医院|乡下|老家|船|单位|上班)"
    r"|一道来|一起来|陪(?:他|她|我)"
    r"|带(?:他|她)(?:过)?来|扶(?:他|她)"
)
"""The person is said to be here ("她就在旁边", "我陪她来的"; not "她人在外面车里": not at the
kiosk)."""


def needs_holder(flow: Flow) -> bool:
    """``flow`` checks its holder's face (the holder must be at the kiosk)."""
    return any(isinstance(s, DeviceStep) and s.device == "face" for s in flow.steps)


def for_someone_away(text: str) -> bool:
    """``text`` asks for a service on someone else's behalf and does not say they are
    here ("我老头子中风了……他的驾驶证到期了，我来帮他换")."""
    said = re.sub(r"\s+", "", text)
    return (ON_BEHALF.search(said) is not None or KIN_TRIP.search(said) is not None
            or KIN_DOCUMENT.search(said) is not None) and HERE.search(said) is None


__all__ = ["HERE", "KIN_DOCUMENT", "KIN_TRIP", "ON_BEHALF", "for_someone_away", "needs_holder"]
