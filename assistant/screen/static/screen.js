// The kiosk screen: draws each snapshot pushed by the kiosk (server-sent events) and
// sends touches back as key presses.  No library, no network, no timers that change
// what is shown: the page changes only when the conversation does.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  let current = null;
  let session = null;
  let drawnButtons = "";

  function setText(id, text) {
    const el = $(id);
    if (el.textContent !== text) el.textContent = text;
  }

  function button(b) {
    const el = document.createElement("button");
    el.type = "button";
    el.dataset.key = b.key;
    const key = document.createElement("span");
    key.className = "key";
    key.textContent = b.key;
    key.setAttribute("aria-hidden", "true");
    const label = document.createElement("span");
    label.className = "label";
    label.textContent = b.label;
    el.append(key, label);
    el.setAttribute("aria-label", "按键" + b.key + "，" + b.label);
    return el;
  }

  function drawButtons(s) {
    const sig = JSON.stringify([s.buttons, s.pad]);
    if (sig === drawnButtons) return;
    drawnButtons = sig;
    const options = $("options");
    const commands = $("commands");
    options.replaceChildren(...s.buttons.filter((b) => b.role === "option").map(button));
    commands.replaceChildren(...s.buttons.filter((b) => b.role === "command").map(button));
    const pad = $("pad");
    pad.hidden = !s.pad;
    if (s.pad) {
      for (const [id, key, word] of [["pad-clear", s.pad.clear, "清除"],
                                     ["pad-confirm", s.pad.confirm, "确认"]]) {
        const el = $(id);
        el.hidden = !key;
        if (key) {
          el.dataset.key = key;
          el.textContent = word + "(" + key + ")";
        }
      }
    }
    $("choices").hidden = s.buttons.length === 0 && !s.pad;
  }

  function render(s) {
    current = s;
    if (s.session !== session || s.mode === "idle") setLarge(false); // reset per user
    session = s.session;
    const idle = s.mode === "idle";
    $("idle").hidden = !idle;
    $("talk").hidden = idle;
    setText("welcome", s.welcome);
    setText("hint", s.hint);
    const wake = $("wake");
    wake.hidden = !(idle && s.wake_key);
    if (s.wake_key) wake.dataset.key = s.wake_key;
    $("announce").hidden = !(idle && s.announcement);
    setText("announce-text", idle ? s.announcement : "");
    setText("title", s.step ? s.step.text : "自助警务语音助手");
    setText("caption", s.caption);
    $("heard").hidden = !s.heard;
    setText("heard-text", s.heard);
    const pay = $("pay");
    if (s.qr) {
      setText("pay-amount", s.qr.amount);
      const qr = $("qr");
      qr.setAttribute("aria-label", s.qr.label);
      if (qr.dataset.svg !== s.qr.svg) {
        qr.innerHTML = s.qr.svg; // made by the kiosk (segno), never user text
        qr.dataset.svg = s.qr.svg;
      }
      pay.hidden = false;
    } else if (!pay.hidden) {
      pay.hidden = true;
      $("qr").replaceChildren();
      $("qr").dataset.svg = "";
      setText("pay-amount", "");
    }
    const receipt = $("receipt");
    if (s.receipt) {
      setText("receipt-title", s.receipt.title);
      const items = s.receipt.lines.map((line) => {
        const li = document.createElement("li");
        li.textContent = line;
        return li;
      });
      $("receipt-lines").replaceChildren(...items);
      receipt.hidden = false;
    } else {
      receipt.hidden = true;
      $("receipt-lines").replaceChildren();
    }
    setText("typed", s.pad ? (s.pad.typed ? "已输入：" + s.pad.typed : "请输入数字") : "");
    drawButtons(s);
    document.body.dataset.version = String(s.version);
    document.body.dataset.mode = s.mode;
  }

  function setLarge(on) {
    document.documentElement.classList.toggle("large", on);
    $("large").setAttribute("aria-pressed", on ? "true" : "false");
  }

  function press(key) {
    if (!current) return;
    fetch("/press", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ key: key, options_version: current.options_version }),
    }).catch(() => {});
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const el = target ? target.closest("button[data-key]") : null;
    if (el) press(el.dataset.key);
  });
  $("large").addEventListener("click", () => {
    setLarge(!document.documentElement.classList.contains("large"));
  });

  // When the kiosk stops answering (crash, power cut of the PC, stopped server) the page
  // must not keep showing the last citizen's screen: blank it after a few seconds.
  const LOST_AFTER_MS = 3000;
  let lost = null;
  function connected() {
    if (lost !== null) clearTimeout(lost);
    lost = null;
    $("main").hidden = false;
    document.body.classList.remove("offline");
  }
  function blank() {
    current = null;
    $("main").hidden = true;
    document.body.classList.add("offline");
  }

  const events = new EventSource("/events");
  events.onopen = connected;
  events.onerror = () => {
    if (lost === null) lost = setTimeout(blank, LOST_AFTER_MS);
  };
  events.onmessage = (event) => {
    connected();
    render(JSON.parse(event.data));
  };
})();
