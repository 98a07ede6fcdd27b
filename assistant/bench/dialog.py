"""``kiosk bench dialog``: fuzz/soak the dialog with random event sequences.

Each of ``--n`` sequences runs through a fresh :class:`assistant.chat.ChatSession` (fresh
simulated devices): random text (intent examples, option and command words, plates, ID
numbers, garbage), keys, silence, cards, device and payment results, and idle time.
Three events in four (:data:`FIT`) answer what the kiosk is waiting for, so sequences
get deep into the flows and through payment.  After the sequence the user walks away
(idle time; devices that wait for the user time out as real ones do) and the session
must end.

Counted:

- **crashes**: an exception from the dialog, adapters or store;
- **stuck**: a session that does not end after walking away, or one input that sets off
  an unbounded chain of actions;
- **double charges**: an order charged more than once, or more than one paid order for
  one transaction (from the payment simulator's ``orders`` table);
- **unrefunded**: money taken for a transaction that did not complete and was not
  refunded (reported, for review);
- **open journal**: a transaction of an ended session still ``ordered``/``paid`` in the
  journal (sessions are recorded in an in-memory :class:`assistant.store.Store`), which
  the start-up recovery would have to finish (reported, for review).

Exit status 1 when there is any crash or double charge.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
import traceback
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assistant.adapters.simdb import SimDatabase
from assistant.dialog.faults import count_faults
from assistant.dialog.texts import FlowTexts
from assistant.nlu.types import Understander
from assistant.store import Store

TODAY = date(2025, 6, 1)
"""Fixed date so runs are reproducible (the demo data is relative to it)."""
CARDS = ("expired", "valid", "soon", "child", "official", "broken")
KEYS = (*"0123456789*#", "help", "cancel", "back", "louder", "slower", "take_time")
"""Keypad keys and function keys (``intents/keypad.yaml``)."""
DEVICE_EVENTS = {"face": "face", "photo": "photo", "finger": "finger", "payment": "pay"}
POS_OUTCOMES = ("ok", "fail", "timeout", "pin")
"""``<pos:…>``: a card on the POS reader (the card payment method)."""
PERMITS = ("hk", "tw", "hk-expired", "hk-book", "hk-official", "none", "timeout")
"""``<permit:…>``: demo e-permits on the endorsement machine's reader."""
PAY_TALK = ("我没有微信", "老人机不会扫", "我眼睛看不见，二维码在哪里", "刷卡", "我要交现金",
            "没有银行卡", "用社保卡", "扫码")
"""What people say while paying (other methods, where the code is)."""
GARBAGE = ("", "啊", "嗯嗯", "那个那个", "喂喂", "asdf", "123", "？？", "我不知道", "随便",
           "今天天气怎么样", "帮我买张船票", "浙L", "幺洞洞", "哈哈哈", "你是谁")
SLOT_VALUES = ("浙L12345", "浙L54321", "浙L66666", "浙LA8888", "浙L幺二三四五", "12345",
               "330903198508201315", "330902195304121241", "330902195304121242",
               "13800138000", "浙L1234")
WALK_AWAY_STEPS = 12
"""Idle periods (and device time-outs) a walked-away session may take to end."""
IDLE_S = 150.0
FIT = 0.75
"""Share of events that answer what the kiosk is waiting for."""


@dataclass
class BenchResult:
    """Totals of one run."""

    n: int = 0
    events: int = 0
    crashes: int = 0
    stuck: int = 0
    double_charges: int = 0
    unrefunded: int = 0
    open_journal: int = 0
    paid_orders: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)
    seconds: float = 0.0
    """Wall time of the sessions."""
    cpu_seconds: float = 0.0
    """CPU time of this process meanwhile (fair on a shared machine)."""

    @property
    def failed(self) -> bool:
        return bool(self.crashes or self.double_charges)

    def report(self) -> str:
        rate = self.n / self.seconds if self.seconds else 0.0
        lines = [
            f"sessions {self.n}  events {self.events}  time {self.seconds:.1f} s "
            f"({rate:.0f} sessions/s; CPU {self.cpu_seconds:.1f} s, "
            f"{self.n / self.cpu_seconds if self.cpu_seconds else 0.0:.0f} sessions per "
            "CPU second)",
            f"crashes {self.crashes}  stuck {self.stuck}  double charges "
            f"{self.double_charges}  unrefunded {self.unrefunded}  open journal "
            f"{self.open_journal}  paid orders {self.paid_orders}",
            "outcomes " + "  ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items())),
        ]
        lines += [f"  {s}" for s in self.samples[:10]]
        return "\n".join(lines)


class Pools:
    """What random text is drawn from."""

    def __init__(self, texts: FlowTexts, nlu: Understander | None) -> None:
        examples: list[str] = []
        intents = getattr(getattr(nlu, "matcher", None), "intents", None)
        for intent in intents or ():
            examples += [e.text for e in intent.examples]
        words = [w for phrases in texts.words.values() for w in phrases]
        for flow in texts.flows.values():
            for options in flow.options.values():
                for option in options:
                    words += [option.title, *option.words]
        self.examples = sorted(set(examples)) or ["我要换身份证", "交罚款", "拍照"]
        self.words = sorted(set(words))

    def text(self, rng: random.Random) -> str:
        r = rng.random()
        if r < 0.45:
            return rng.choice(self.examples)
        if r < 0.7:
            return rng.choice(self.words)
        if r < 0.85:
            return rng.choice(SLOT_VALUES)
        return rng.choice(GARBAGE)


def _fitting(rng: random.Random, turn: dict[str, Any], pools: Pools) -> str | None:
    """An event that answers what the kiosk is waiting for, or ``None``."""
    awaiting = turn.get("awaiting", {})
    kind = awaiting.get("kind")
    if kind == "card":
        return f"<card:{rng.choice(CARDS[:5])}>"
    keys = list(awaiting.get("keys", {}))
    if kind == "payment":  # pay by QR, card or at the window; or change the method
        r = rng.random()
        if r < 0.2:
            return f"<key:{rng.choice([k for k in keys if k.isdigit()] or keys)}>"
        if r < 0.3:
            return rng.choice(PAY_TALK)
        if r < 0.55:
            return f"<pos:{rng.choices(POS_OUTCOMES, (0.6, 0.15, 0.1, 0.15))[0]}>"
    if kind == "none" and "通行证放在读卡区" in turn.get("say", ""):
        return f"<permit:{rng.choices(PERMITS, (0.6, 0.1, 0.05, 0.05, 0.05, 0.1, 0.05))[0]}>"
    if kind in DEVICE_EVENTS:
        outcome = rng.choices(("ok", "fail", "timeout"), (0.75, 0.15, 0.1))[0]
        return f"<{DEVICE_EVENTS[kind]}:{outcome}>"
    if kind == "slot":
        return rng.choice(SLOT_VALUES) if rng.random() < 0.5 else f"<key:{rng.choice(keys)}>"
    if keys:
        wanted = [k for k in keys if k not in ("*", "#", "0", "9")] or keys
        return f"<key:{rng.choice(wanted)}>"
    return None


def _random(rng: random.Random, pools: Pools) -> str | float:
    """A random event line, or idle seconds (a float)."""
    r = rng.random()
    if r < 0.3:
        return pools.text(rng)
    if r < 0.55:
        return f"<key:{rng.choice(KEYS)}>"
    if r < 0.63:
        return "<silence>"
    if r < 0.71:
        return f"<card:{rng.choice(CARDS)}>"
    if r < 0.74:
        return "<card-removed>"
    if r < 0.75:
        return "<staff:arrived>"
    if r < 0.9:
        name = rng.choice(tuple(DEVICE_EVENTS.values()))
        return f"<{name}:{rng.choice(('ok', 'ok', 'fail', 'timeout'))}>"
    if r < 0.915:
        return f"<pos:{rng.choice(POS_OUTCOMES)}>"
    if r < 0.92:
        return f"<permit:{rng.choice(PERMITS)}>"
    return rng.uniform(5.0, IDLE_S)


def _orders(session: Any) -> list[dict[str, Any]]:
    db: SimDatabase = session.sim.db
    if not db.opened:  # no simulator was used: no orders
        return []
    return db.rows("select * from orders")  # (made when the database was seeded)


def _walk_away(session: Any) -> bool:
    """The user leaves: idle time passes, devices waiting for the user time out."""
    for _ in range(WALK_AWAY_STEPS):
        if session.dialog.done:
            return True
        pending = [k for k in DEVICE_EVENTS if k in session.executor.pending]
        if pending:
            session.step(f"<{DEVICE_EVENTS[pending[0]]}:timeout>")
        elif "backend" in session.executor.pending:  # the e-permit reader gives up
            session.step("<permit:timeout>")
        else:
            session.tick(IDLE_S)
    return bool(session.dialog.done)


def run_one(index: int, seed: int, texts: FlowTexts, nlu: Understander | None, pools: Pools,
            result: BenchResult, max_events: int = 40, store: Store | None = None) -> None:
    """One random session; adds its numbers to ``result``."""
    from assistant.chat import DialogLoopError, new_session

    if nlu is not None:  # a new person: edited intent files are taken now, as by the host
        from assistant.nlu.live import refresh

        refresh(nlu)
    rng = random.Random(f"{seed}:{index}")
    session = new_session(texts, nlu=nlu, today=TODAY, session_id=f"bench-{index}",
                          store=store)
    history: list[str] = []
    try:
        turn = session.start()
        for _ in range(rng.randint(1, max_events)):
            if session.dialog.done:
                break
            fit = _fitting(rng, turn, pools) if rng.random() < FIT else None
            event = fit if fit is not None else _random(rng, pools)
            result.events += 1
            if isinstance(event, float):
                history.append(f"<idle {event:.0f}s>")
                turn = session.tick(event)
            else:
                history.append(event)
                turn = session.step(event)
        if not _walk_away(session):
            result.stuck += 1
            result.samples.append(f"stuck #{index} in {session.dialog.state}: "
                                  + " | ".join(history[-12:]))
    except DialogLoopError as exc:
        result.stuck += 1
        result.samples.append(f"loop #{index}: {exc}: " + " | ".join(history[-12:]))
    except Exception as exc:  # counting every crash is the point
        result.crashes += 1
        where = traceback.extract_tb(exc.__traceback__)[-1]
        result.samples.append(
            f"crash #{index}: {type(exc).__name__}: {exc} at {where.filename}:{where.lineno}"
            f" after: " + " | ".join(history[-12:]))
    result.outcomes[session.dialog.outcome or "not ended"] += 1
    _check_orders(index, session, result)
    if store is not None and session.dialog.done:
        for entry in store.unfinished():
            if entry.session_id == session.session_id:
                result.open_journal += 1
                result.samples.append(f"open journal #{index}: {entry.txn_id} {entry.status}"
                                      f", outcome {session.dialog.outcome}")


def _check_orders(index: int, session: Any, result: BenchResult) -> None:
    paid_by_txn: Counter[str] = Counter()
    for order in _orders(session):
        if order["status"] == "paid":
            paid_by_txn[order["txn_id"]] += 1
            result.paid_orders += 1
            if session.dialog.outcome != "completed":
                result.unrefunded += 1
                result.samples.append(f"unrefunded #{index}: order {order['order_id']} "
                                      f"paid, outcome {session.dialog.outcome}")
        if order["charges"] > 1:
            result.double_charges += 1
            result.samples.append(f"double charge #{index}: order {order['order_id']} "
                                  f"charged {order['charges']} times")
    for txn, count in paid_by_txn.items():
        if count > 1:
            result.double_charges += 1
            result.samples.append(f"double charge #{index}: {count} paid orders for {txn}")


def run_bench(n: int, seed: int, *, nlu: Understander | None = None,
              texts: FlowTexts | None = None, max_events: int = 40,
              warm: bool = True) -> BenchResult:
    """Run ``n`` random sessions and count crashes, stuck sessions and double charges.

    ``warm``: first do the kiosk's start-up warm-up (:func:`assistant.warmup.warm_up`, which
    ``kiosk run`` and ``kiosk chat`` start with the first prompt), so that the sessions are
    timed as on a kiosk that is running; without it the first guide question loads jieba
    and the guide index inside the timed run (~0.5 s)."""
    from assistant.dialog import load_texts
    from assistant.session.host import catalogue_answers
    from assistant.warmup import warm_up

    texts = texts if texts is not None else load_texts()
    pools = Pools(texts, nlu)
    result = BenchResult(n=n)
    store = Store(memory=True)
    if warm:
        warm_up(nlu, catalogue_answers(), background=False)
    gc.freeze()  # what is loaded stays: the collector only scans what sessions make
    start, cpu = time.perf_counter(), time.process_time()
    for index in range(n):
        run_one(index, seed, texts, nlu, pools, result, max_events, store)
    result.seconds = time.perf_counter() - start
    result.cpu_seconds = time.process_time() - cpu
    return result


def cmd_bench_dialog(args: argparse.Namespace) -> int:
    from assistant.chat import load_understander

    count_faults()  # every crash counted, not recovered from

    nlu = None if args.no_nlu else load_understander()
    result = run_bench(args.n, args.seed, nlu=nlu, max_events=args.max_events,
                       warm=not args.cold)
    print(f"kiosk bench dialog --n {args.n} --seed {args.seed}"
          + (" --cold" if args.cold else ""))
    print(result.report())
    return 1 if result.failed else 0


def register_bench(bench_subparsers: argparse._SubParsersAction[argparse.ArgumentParser]
                   ) -> None:
    """Add ``kiosk bench dialog``."""
    p = bench_subparsers.add_parser(
        "dialog", help="fuzz the dialog with random sessions (crashes, stuck, double charges)",
        description="Run random event sequences through fresh simulated sessions.")
    p.add_argument("--n", type=int, default=10000, help="number of sessions (default 10000)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--max-events", type=int, default=40,
                   help="longest random sequence per session (default 40)")
    p.add_argument("--no-nlu", action="store_true",
                   help="do not load the intent matcher (keys and command words only)")
    p.add_argument("--cold", action="store_true",
                   help="no start-up warm-up before the timed sessions (the first guide "
                   "question then loads jieba and the guide index inside the run)")
    p.set_defaults(func=cmd_bench_dialog)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """No top-level command: this module only adds ``kiosk bench dialog``."""


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m assistant.bench.dialog`` (same as ``kiosk bench dialog``)."""
    parser = argparse.ArgumentParser(prog="kiosk bench")
    register_bench(parser.add_subparsers(dest="what", required=True))
    args = parser.parse_args(["dialog", *(argv if argv is not None else [])])
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
