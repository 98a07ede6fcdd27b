"""The kiosk screen in a real browser (headless Debian Chromium + Playwright + axe-core).

One whole 换领身份证 transaction with the demo card ``expired``: options chosen by touching
buttons, devices as script events, confirmation by touch, the QR code at payment, the
receipt, the screen cleared at the end; then a second person's digit pad.  Every state is
checked with axe-core (WCAG 2.0/2.1 A and AA), measured in the browser (font sizes,
touch targets, contrast) and saved as a PNG under ``tests/screen/artifacts/``.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from assistant.screen import ChatFeed, Screen
from assistant.screen.loop import Input, Inputs, run_turns

from .helpers import ARTIFACTS, chat_session

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 10_000
MEASURE_JS = """
() => {
  const visible = (el) => {
    const r = el.getBoundingClientRect(), st = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && st.visibility !== "hidden";
  };
  const channel = (v) => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  const lum = (c) => {
    const [r, g, b] = c.match(/[\\d.]+/g).map(Number);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor, m = c.match(/[\\d.]+/g);
      if (m && (m.length < 4 || Number(m[3]) > 0)) return c;
    }
    return "rgb(255, 255, 255)";
  };
  const out = { text: [], buttons: [], headings: [] };
  for (const el of document.querySelectorAll("body *")) {
    if (!visible(el)) continue;
    const st = getComputedStyle(el);
    if ([...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) {
      const a = lum(st.color), b = lum(background(el));
      out.text.push({ text: el.textContent.trim().slice(0, 24), size: parseFloat(st.fontSize),
                      contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) });
    }
    if (el.tagName === "BUTTON") {
      const r = el.getBoundingClientRect();
      out.buttons.push({ text: el.textContent.trim(), w: r.width, h: r.height });
    }
    if (/^H[1-6]$/.test(el.tagName)) out.headings.push({ text: el.textContent.trim(),
                                                         size: parseFloat(st.fontSize) });
  }
  return out;
}
"""


class Kiosk:
    """A chat session on a screen, run by the same loop as ``kiosk chat --screen``."""

    def __init__(self, page: Any) -> None:
        self.inputs = Inputs()
        self.turns: list[tuple[dict[str, Any], Input | None]] = []
        self.changed = threading.Condition()
        self.screen = Screen(port=0, on_press=self.inputs.touch, wake_key="#").start()
        self.feed = ChatFeed(self.screen, closing_s=3600)  # the test says when speech ends
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.page = page
        self.secrets: set[str] = set()

    def run(self) -> None:
        """The conversation thread (the simulators' SQLite belongs to it)."""
        self.session = chat_session()
        run_turns(self.session, self.inputs, self.emit, feed=self.feed)

    def emit(self, turn: dict[str, Any], item: Input | None) -> None:
        with self.changed:
            self.turns.append((turn, item))
            self.changed.notify_all()

    def start(self) -> None:
        self.thread.start()
        self.wait(1)

    def wait(self, count: int) -> dict[str, Any]:
        """Wait for the loop's turn ``count`` and for the page to draw it."""
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.turns) >= count, 10), self.turns[-1:]
        self.drawn()
        return self.turns[count - 1][0]

    def drawn(self) -> None:
        version = self.screen.snapshot()["version"]
        self.page.wait_for_function("v => Number(document.body.dataset.version) >= v",
                                    arg=version, timeout=TIMEOUT_MS)

    def type(self, line: str) -> dict[str, Any]:
        """A script line (device events: the card reader, camera, payment)."""
        count = len(self.turns)
        self.inputs.put(line, "script")
        return self.wait(count + 1)

    def touch(self, name: str) -> dict[str, Any]:
        """Touch the button whose label contains ``name``."""
        count = len(self.turns)
        button = self.page.get_by_role("button", name=re.compile(re.escape(name))).first
        try:
            button.click(timeout=TIMEOUT_MS)
        except Exception as exc:
            raise AssertionError(f"no button {name!r} on the page; snapshot "
                                 f"{self.screen.snapshot()}; turns {self.turns[-2:]}") from exc
        turn = self.wait(count + 1)
        assert self.turns[-1][1] is not None and self.turns[-1][1].source == "touch"
        return turn

    @staticmethod
    def replay(lines: list[str]) -> list[dict[str, Any]]:
        """The turns of ``lines`` typed into a fresh session (no screen)."""
        inputs, out = Inputs(), []
        for line in lines:
            inputs.put(line, "script")
        inputs.close()
        run_turns(chat_session(), inputs, lambda turn, item: out.append(turn))
        return out

    def stop(self) -> None:
        self.inputs.close()
        self.thread.join(5)
        self.screen.stop()


def check(page: Any, name: str, *, secrets: set[str] | None = None,
          min_text_px: float = 28) -> dict[str, Any]:
    """axe-core, sizes and contrast of the current state, no personal data in the page;
    saves ``artifacts/NAME.png``."""
    from axe_playwright_python.sync_playwright import Axe

    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    html = page.content()
    shown = [secret for secret in secrets or () if secret in html]
    assert shown == [], f"{name}: personal data on the screen unmasked: {shown}"
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG},
                                      "resultTypes": ["violations"]})
    assert result.violations_count == 0, f"{name}:\n{result.generate_snapshot()}"
    measured: dict[str, Any] = page.evaluate(MEASURE_JS)
    small = [t for t in measured["text"] if t["size"] < min_text_px]
    assert small == [], f"{name}: text under {min_text_px}px: {small}"
    faint = [t for t in measured["text"] if t["contrast"] < 7.0]
    assert faint == [], f"{name}: contrast under 7:1: {faint}"
    tiny = [b for b in measured["buttons"] if b["w"] < 60 or b["h"] < 60]
    assert tiny == [], f"{name}: touch targets under 60x60 px: {tiny}"
    assert all(h["size"] >= 30 for h in measured["headings"]), measured["headings"]
    return measured


def test_a_transaction_by_touch_keys_and_devices(browser: Any) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 1024})
    kiosk = Kiosk(page)
    screen = kiosk.screen
    try:
        screen.idle("今晚22:00至23:00系统维护，暂停缴费。")
        page.goto(screen.url)
        kiosk.drawn()
        assert page.locator("#welcome").inner_text() == "欢迎"
        assert "系统维护" in page.locator("#announce-text").inner_text()
        check(page, "01-idle")

        kiosk.start()  # greeting and main menu
        assert "您好" in page.locator("#caption").inner_text()
        assert page.locator("#caption").get_attribute("aria-live") == "polite"
        assert page.locator("#options button").count() == 6  # five menu entries and "听办事指南"
        assert page.locator("#title").inner_text() == "自助警务语音助手"  # no step yet
        check(page, "02-menu")

        turn = kiosk.touch("办理身份证业务")
        assert turn["heard"] == "<key:1>" and turn["state"] == "submenu"
        assert page.locator("#heard-text").inner_text() == "按键 1"
        check(page, "03-submenu")

        turn = kiosk.touch("换领身份证")
        assert turn["flow"] == "id_card.renew" and turn["awaiting"]["kind"] == "card"
        assert re.fullmatch(r"第1步，共\d步：.+", page.locator("#title").inner_text())
        kiosk.type("<card:expired>")
        caption = page.locator("#caption").inner_text()
        secrets = set(kiosk.session.secrets)
        assert "王*英" in caption and len(secrets) == 2
        kiosk.type("<face:ok>")
        assert page.locator("#title").inner_text().startswith("第3步")  # photo
        kiosk.type("<photo:ok>")
        kiosk.touch("免费邮寄到家")
        assert "寄到定海区解放西路" in page.locator("#caption").inner_text()  # read back
        kiosk.touch("对")
        assert "确认办理吗" in page.locator("#caption").inner_text()
        check(page, "04-confirm", secrets=secrets)

        turn = kiosk.touch("是")
        assert turn["awaiting"]["kind"] == "payment"
        assert page.locator("#qr svg").is_visible()
        assert page.locator("#pay-amount").inner_text() == "20元"
        assert page.locator("#qr").get_attribute("aria-label") == "付款二维码，金额20元"
        normal = check(page, "05-payment", secrets=secrets)

        page.locator("#large").click()  # 大字
        assert page.locator("#large").get_attribute("aria-pressed") == "true"
        large = check(page, "06-payment-large", secrets=secrets)
        assert max(t["size"] for t in large["text"]) > max(t["size"] for t in normal["text"])

        kiosk.type("<pay:ok>")
        assert not page.locator("#pay").is_visible()
        assert page.locator("#receipt").is_visible()
        assert "受理编号" in page.locator("#receipt-lines").inner_text()
        assert page.locator("#choices").is_hidden()  # no buttons while saying goodbye
        check(page, "07-receipt", secrets=secrets)

        screen.settle()  # the closing words have been said: the session is over
        kiosk.drawn()
        assert page.locator("body").get_attribute("data-mode") == "idle"
        assert page.locator("#caption").inner_text() == ""
        assert page.locator("#qr").inner_html() == ""
        assert page.locator("#receipt-lines").inner_html() == ""
        assert page.locator("#large").get_attribute("aria-pressed") == "false"
        assert "large" not in (page.locator("html").get_attribute("class") or "")
        assert "王" not in page.locator("body").inner_text()
        check(page, "08-ended", secrets=secrets)

        # the next person: 开始 by touch, then a number typed on the digit pad
        kiosk.touch("开始")
        assert page.locator("body").get_attribute("data-mode") == "session"
        kiosk.touch("办理身份证业务")
        kiosk.touch("查询身份证办理进度")
        assert page.locator("#pad").is_visible() and page.locator("#options button").count() == 0
        for digit in "3309031985":
            kiosk.touch(digit)
        typed = page.locator("#typed").inner_text()
        assert typed.startswith("已输入：") and typed.endswith("85") and "3309031985" not in typed
        check(page, "09-digits")
    finally:
        kiosk.stop()
        page.close()

    # touch = key: the same lines typed into a fresh session give the very same turns
    twin = Kiosk.replay([item.line for _, item in kiosk.turns if item is not None])
    assert twin == [turn for turn, _ in kiosk.turns]
