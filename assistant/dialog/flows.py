"""The thirteen self-service flows as step lists (logic here, words in ``intents/flows/``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from assistant.dialog import delivery, fines, permits
from assistant.dialog.steps import (
    CallStep,
    CardStep,
    CheckStep,
    ChoiceStep,
    ConfirmStep,
    DeviceStep,
    FinishStep,
    Flow,
    FlowContext,
    InformStep,
    PayStep,
    PriceStep,
    PrintStep,
    SlotStep,
    Stop,
    accepted,
)
from assistant.domain import rules
from assistant.domain.money import amount_text


# ---------------------------------------------------------------------- shared helpers
def _id_number(ctx: FlowContext) -> str:
    if ctx.card is not None:
        return ctx.card.number
    return str(ctx.values.get("id_number", ""))


def _no_card(ctx: FlowContext) -> bool:
    return ctx.card is None


def _cn_date(value: str | date | None) -> str:
    if value is None:
        return "长期"
    d = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{d.year}年{d.month}月{d.day}日"


def _identity_args(ctx: FlowContext) -> dict[str, Any]:
    return {"id_number": _id_number(ctx)}


def _submit_args(ctx: FlowContext) -> dict[str, Any]:
    return {
        "id_number": _id_number(ctx),
        "photo_id": ctx.values.get("photo_id"),
        "delivery": ctx.values.get("delivery", "collect"),
        "reason": ctx.values.get("reason"),
        "order_id": ctx.order_id,
        "amount": ctx.amount,
        "flow": ctx.flow,
    }


def _application_result(ctx: FlowContext, data: dict[str, Any]) -> Stop | None:
    ctx.fields["application_no"] = data.get("application_no", "")
    ctx.fields["days"] = data.get("ready_days", "")
    return None


def _receipt(ctx: FlowContext) -> list[str]:
    """Receipt lines: no full ID number, name or phone on paper left in a booth."""
    lines = [f"业务：{ctx.fields.get('title', ctx.flow)}", f"流水号：{ctx.txn_id}"]
    if ctx.amount > 0 and ctx.paid:
        lines.append(f"已付：{amount_text(ctx.amount)}元（订单 {ctx.order_id}）")
    for key, label in (("application_no", "受理编号"), ("plate_number", "号牌"),
                       ("until", "有效期至"), ("code", "回执编号"), ("status", "进度")):
        if ctx.fields.get(key):
            lines.append(f"{label}：{ctx.fields[key]}")
    number = _id_number(ctx)
    if number:
        lines.append(f"证件号：{number[:3]}{'*' * 11}{number[-4:]}")
    return lines


def _pay_submit_print_finish(adapter: str, op: str) -> tuple[Any, ...]:
    return (
        PayStep("pay"),
        CallStep("submit", adapter=adapter, op=op, args=_submit_args,
                 on_result=_application_result, commit=True),
        PrintStep("print", lines=_receipt),
        FinishStep("done"),
    )


# ---------------------------------------------------------------------- 身份证
def _renew_check(ctx: FlowContext) -> Stop | None:
    card = ctx.card
    assert card is not None
    age = card.age_on(ctx.today)
    ctx.fields.update(name=card.name, until=_cn_date(card.valid_until),
                      years=rules.validity_text(age))
    if age < 16:
        return Stop("child_window", "redirected")
    if rules.renewal_due(card, ctx.today):
        ctx.values.setdefault("reason", "expired")
    return None


def _reason_ok(ctx: FlowContext) -> Stop | None:
    if ctx.values.get("reason") == "expired" and ctx.card is not None and not rules.renewal_due(
        ctx.card, ctx.today
    ):
        return Stop("not_due", "cancelled")
    if ctx.values.get("reason") == "none":
        return Stop("not_due", "cancelled")
    return None


def _reason_needed(ctx: FlowContext) -> bool:
    return ctx.card is not None and not rules.renewal_due(ctx.card, ctx.today)


ID_CARD_RENEW = Flow("id_card.renew", device="household", steps=(
    CardStep("card"),
    CheckStep("rules", check=_renew_check),
    ChoiceStep("reason", slot="reason", options="reason", when=_reason_needed),
    CheckStep("reason_ok", check=_reason_ok),
    # 到期换领20元，损坏换领40元（发改价格〔2003〕2322号）: the table is in the flow's YAML
    PriceStep("price", slot="reason", values=("expired", "damaged")),
    DeviceStep("face", device="face"),
    DeviceStep("photo", device="photo", op="capture", args=lambda c: {"purpose": "id_card"}),
    *delivery.delivery_steps("household"),
    ConfirmStep("confirm"),
    *_pay_submit_print_finish("household", "submit_application"),
))


def _person_result(ctx: FlowContext, data: dict[str, Any]) -> Stop | None:
    if not data.get("found"):
        return Stop("not_found", "redirected")
    ctx.values["reference_photo"] = data.get("photo")
    age = int(data.get("age", 30))
    ctx.fields["years"] = rules.validity_text(age)
    return Stop("child_window", "redirected") if age < 16 else None


ID_CARD_REPLACE = Flow("id_card.replace", device="household", steps=(
    SlotStep("id_number", slot="id_number", type="id_number", when=_no_card),
    CallStep("lookup", adapter="household", op="lookup_person", args=_identity_args,
             on_result=_person_result),
    DeviceStep("face", device="face",
               args=lambda c: {"reference": c.values.get("reference_photo"),
                               "id_number": _id_number(c)}),
    DeviceStep("photo", device="photo", op="capture", args=lambda c: {"purpose": "id_card"}),
    *delivery.delivery_steps("household"),
    ConfirmStep("confirm"),
    *_pay_submit_print_finish("household", "submit_application"),
))


def _progress_result(ctx: FlowContext, data: dict[str, Any]) -> Stop | None:
    items = data.get("items", [])
    if not items:
        return Stop("none_found", "completed")
    first = items[0]
    ctx.fields.update(status=first.get("status", ""), what=first.get("what", ""),
                      when=(f"预计{_cn_date(first.get('ready'))}办好。"
                            if first.get("ready") else ""),
                      count=len(items))
    if first.get("pickup_place"):  # ready: where and until when to collect it
        ctx.values["collect"] = True
        ctx.fields.update(place=first["pickup_place"],
                          until=_cn_date(first.get("pickup_until")))
    return None


def _ready(ctx: FlowContext) -> bool:
    return bool(ctx.values.get("collect"))


def _progress_flow(name: str, adapter: str) -> Flow:
    return Flow(name, device=adapter, steps=(
        SlotStep("id_number", slot="id_number", type="id_number", when=_no_card),
        CallStep("lookup", adapter=adapter, op="progress", args=_identity_args,
                 on_result=_progress_result),
        InformStep("result", when=lambda c: not _ready(c)),
        InformStep("result_ready", when=_ready),
        PrintStep("print", lines=_receipt),
        FinishStep("done"),
    ))


# ---------------------------------------------------------------------- 出入境
def _eligibility_args(region: str) -> Any:
    def args(ctx: FlowContext) -> dict[str, Any]:
        return {"id_number": _id_number(ctx), "region": region,
                "tour": ctx.values.get("tour", "team")}
    return args


def _eligibility_result(ctx: FlowContext, data: dict[str, Any]) -> Stop | None:
    if not data.get("eligible"):
        reason = str(data.get("reason", "other"))
        return Stop(f"not_{reason}", "redirected")
    ctx.fields["until"] = _cn_date(data.get("permit_valid_until"))
    return None


def _issue_args(region: str) -> Any:
    def args(ctx: FlowContext) -> dict[str, Any]:
        return {"id_number": _id_number(ctx), "region": region,
                "tour": ctx.values.get("tour", "team"), "times": ctx.values.get("times", "once"),
                "order_id": ctx.order_id, "amount": ctx.amount}
    return args


def _issue_result(ctx: FlowContext, data: dict[str, Any]) -> Stop | None:
    ctx.fields["application_no"] = data.get("endorsement_no", "")
    ctx.fields["until"] = _cn_date(data.get("valid_until"))
    return None


def _endorse_steps(region: str, *, taiwan: bool) -> tuple[Any, ...]:
    tour: tuple[Any, ...] = (
        (InformStep("team_only"),) if taiwan
        else (ChoiceStep("tour", slot="tour", options="tour"),)
    )
    return (
        CardStep("card"),
        DeviceStep("face", device="face"),
        permits.read_step(region),  # the e-permit's chip: type, holder, expiry
        *tour,
        CallStep("eligibility", adapter="exit_entry", op="eligibility",
                 args=_eligibility_args(region), on_result=_eligibility_result),
        # 港澳: the fee by number of trips (fee table in the YAML); 赴台: one trip, one fee
        *(() if taiwan else (ChoiceStep("times", slot="times", options="times"),
                             PriceStep("price", slot="times", values=("once", "twice")))),
        ConfirmStep("confirm"),
        PayStep("pay"),
        CallStep("submit", adapter="exit_entry", op="issue", args=_issue_args(region),
                 on_result=_issue_result, commit=True),
        PrintStep("print", lines=_receipt),
        FinishStep("done"),
    )


def _force_team(ctx: FlowContext) -> Stop | None:
    """赴台个人游 is suspended (since 2019): team tour, one trip only."""
    ctx.values["tour"] = "team"
    ctx.values["times"] = "once"
    return None


ENDORSE_HK_MACAU = Flow("exit_entry.endorse_hk_macau", device="exit_entry",
                        steps=_endorse_steps("hk_macau", taiwan=False))
ENDORSE_TAIWAN = Flow("exit_entry.endorse_taiwan", device="exit_entry", steps=(
    CheckStep("team", check=_force_team), *_endorse_steps("taiwan", taiwan=True)))


# ---------------------------------------------------------------------- 交通违法
def _plate_args(ctx: FlowContext) -> dict[str, Any]:
    return {"plate": ctx.values.get("plate_number", "")}


def _violations_result(ctx: FlowContext, data: dict[str, Any]) -> Stop | None:
    unpaid = [v for v in data.get("violations", []) if not v.get("paid")]
    if not unpaid:
        return Stop("no_violations", "completed")
    current = int(data.get("current_points", 0))
    payable, window = [], []
    running = current
    items: list[dict[str, Any]] = []
    for v in unpaid:
        reason = rules.window_only_reason(fine=float(v["fine"]), points=int(v["points"]),
                                          current_points=running, camera=bool(v.get("camera")))
        if reason is None:
            payable.append(v)
            running += int(v["points"])
        else:
            window.append(v)
            # said one by one with why it needs the window (text reason_<reason>)
            items.append({"date": v["date"], "what": v["what"], "reason": reason,
                          "fine": amount_text(float(v["fine"])), "points": int(v["points"])})
    ctx.values["window_items"] = items
    ctx.values["window_count"] = len(window)
    ctx.values["payable_all"] = [dict(v) for v in payable]
    fines.set_payable(ctx, payable)
    ctx.fields.update(total=len(unpaid), points=sum(int(v["points"]) for v in unpaid),
                      items="；".join(f"{v['date']} {v['what']}" for v in unpaid))
    ctx.fields["window_count"] = len(window)
    return None


def _has_window_items(ctx: FlowContext) -> bool:
    return int(ctx.values.get("window_count", 0)) > 0


def _has_payable(ctx: FlowContext) -> bool:
    return bool(ctx.values.get("violation_ids"))


def _none_payable(ctx: FlowContext) -> bool:
    return not ctx.values.get("violation_ids")


def _window_only(ctx: FlowContext) -> Stop | None:
    """Nothing to pay here: each record was said with its reason; end with the way on."""
    return None if _has_payable(ctx) else Stop("window_only", "redirected")


def _paying(ctx: FlowContext) -> bool:
    """The fines are being paid (the offer after the query was taken)."""
    return _has_payable(ctx) and accepted(ctx)


def _fine_args(ctx: FlowContext) -> dict[str, Any]:
    return {"plate": ctx.values.get("plate_number", ""), "ids": ctx.values.get("violation_ids", []),
            "order_id": ctx.order_id, "amount": ctx.amount,
            "driver_id": ctx.values.get("driver_id")}


def _fine_result(ctx: FlowContext, data: dict[str, Any]) -> Stop | None:
    ctx.fields["application_no"] = data.get("receipt_no", "")
    return None


FINE_PAYMENT = Flow("traffic.fine_payment", device="traffic", steps=(
    SlotStep("plate", slot="plate_number", type="plate_number"),
    CallStep("lookup", adapter="traffic", op="violations", args=_plate_args,
             on_result=_violations_result),
    InformStep("summary", when=_has_payable),
    InformStep("summary_window", when=_none_payable),
    InformStep("window_note", when=lambda c: _has_payable(c) and _has_window_items(c)),
    InformStep("window_item", each="window_items"),
    CheckStep("window_only", check=_window_only),
    *fines.points_steps(),  # points: assigned to the card holder's licence first
    ConfirmStep("confirm"),
    PayStep("pay"),
    CallStep("submit", adapter="traffic", op="pay_fines", args=_fine_args,
             on_result=_fine_result, commit=True),
    PrintStep("print", lines=_receipt),
    FinishStep("done"),
))

VIOLATION_QUERY = Flow("traffic.violation_query", device="traffic", steps=(
    SlotStep("plate", slot="plate_number", type="plate_number"),
    CallStep("lookup", adapter="traffic", op="violations", args=_plate_args,
             on_result=_violations_result),
    InformStep("summary", when=_has_payable),
    InformStep("summary_window", when=_none_payable),
    InformStep("window_note", when=lambda c: _has_payable(c) and _has_window_items(c)),
    InformStep("window_item", each="window_items"),
    # query → action: the payable ones can be paid now, with one yes (no: the query ends)
    ConfirmStep("pay_now", when=_has_payable, declinable=True, offers="traffic.fine_payment"),
    *fines.points_steps(when=_paying),
    # asked again only when records were left for the window (the amount changed)
    ConfirmStep("confirm", when=lambda c: _paying(c) and bool(c.values.get("points_left")),
                declinable=True),
    PayStep("pay", when=_paying),
    CallStep("submit", adapter="traffic", op="pay_fines", args=_fine_args,
             on_result=_fine_result, commit=True, when=_paying),
    PrintStep("print", lines=_receipt),
    FinishStep("done_paid", when=_paying),
    FinishStep("done"),
))


# ---------------------------------------------------------------------- 驾驶证
def _licence_result(renew: bool) -> Any:
    def result(ctx: FlowContext, data: dict[str, Any]) -> Stop | None:
        if not data.get("has_licence"):
            return Stop("no_licence", "redirected")
        if data.get("status", "ok") != "ok":
            return Stop("licence_blocked", "redirected")
        until = date.fromisoformat(str(data["valid_until"]))
        ctx.fields["until"] = _cn_date(until)
        if not renew:
            return None
        if not rules.licence_renew_due(until, ctx.today):
            return Stop("not_due", "cancelled")
        cert = data.get("health_cert_issued")
        if not rules.health_cert_valid(date.fromisoformat(cert) if cert else None, ctx.today):
            return Stop("need_health_cert", "redirected")
        ctx.values["annual_check"] = int(data.get("age", 0)) >= rules.ANNUAL_CHECK_AGE
        return None
    return result


def _licence_flow(name: str, op: str, *, renew: bool) -> Flow:
    return Flow(name, device="traffic", steps=(
        CardStep("card"),
        CallStep("licence", adapter="traffic", op="licence", args=_identity_args,
                 on_result=_licence_result(renew)),
        InformStep("annual_check", when=lambda c: bool(c.values.get("annual_check"))),
        DeviceStep("face", device="face"),
        DeviceStep("photo", device="photo", op="capture", args=lambda c: {"purpose": "driver"}),
        *delivery.delivery_steps("traffic"),
        ConfirmStep("confirm"),
        *_pay_submit_print_finish("traffic", op),
    ))


# ---------------------------------------------------------------------- 机动车
def _vehicle_args(ctx: FlowContext) -> dict[str, Any]:
    return {"plate": ctx.values.get("plate_number", ""), "id_number": _id_number(ctx)}


def _vehicle_result(inspection: bool) -> Any:
    def result(ctx: FlowContext, data: dict[str, Any]) -> Stop | None:
        if not data.get("found"):
            return Stop("no_vehicle", "redirected")
        if not data.get("owner_matches"):
            return Stop("not_owner", "redirected")
        if not inspection:
            return None
        due = date.fromisoformat(str(data["inspection_due"]))
        ctx.fields["due"] = _cn_date(due)
        if not rules.inspection_window_open(due, ctx.today):
            return Stop("not_due", "cancelled")
        if int(data.get("unsettled", 0)) > 0:
            return Stop("settle_first", "redirected", {"count": data["unsettled"]})
        if not data.get("inspection_passed"):
            return Stop("need_inspection", "redirected")
        return None
    return result


def _mark_result(ctx: FlowContext, data: dict[str, Any]) -> Stop | None:
    ctx.fields["application_no"] = data.get("mark_no", "")
    ctx.fields["until"] = _cn_date(data.get("valid_until"))
    return None


INSPECTION_MARK = Flow("vehicle.inspection_mark", device="traffic", steps=(
    CardStep("card"),
    SlotStep("plate", slot="plate_number", type="plate_number"),
    CallStep("vehicle", adapter="traffic", op="vehicle", args=_vehicle_args,
             on_result=_vehicle_result(True)),
    ConfirmStep("confirm"),
    CallStep("submit", adapter="traffic", op="issue_inspection_mark", args=_vehicle_args,
             on_result=_mark_result, commit=True),
    PrintStep("print", lines=_receipt),
    FinishStep("done"),
))


def _registration_args(ctx: FlowContext) -> dict[str, Any]:
    return {**_vehicle_args(ctx), "delivery": ctx.values.get("delivery", "collect"),
            "order_id": ctx.order_id, "amount": ctx.amount}


REGISTRATION_REPLACE = Flow("vehicle.registration_replace", device="traffic", steps=(
    CardStep("card"),
    SlotStep("plate", slot="plate_number", type="plate_number"),
    CallStep("vehicle", adapter="traffic", op="vehicle", args=_vehicle_args,
             on_result=_vehicle_result(False)),
    DeviceStep("face", device="face"),
    *delivery.delivery_steps("traffic"),
    ConfirmStep("confirm"),
    PayStep("pay"),
    CallStep("submit", adapter="traffic", op="replace_registration", args=_registration_args,
             on_result=_application_result, commit=True),
    PrintStep("print", lines=_receipt),
    FinishStep("done"),
))


# ---------------------------------------------------------------------- 证件照
def _photo_result(ctx: FlowContext) -> Stop | None:
    photo = ctx.data.get("photo", {})
    ctx.fields["code"] = photo.get("receipt_code", "")
    return None


ID_PHOTO = Flow("photo.id_photo", device="photo", steps=(
    ChoiceStep("purpose", slot="purpose", options="purpose"),
    DeviceStep("photo", device="photo", op="capture",
               args=lambda c: {"purpose": c.values.get("purpose", "id_card")}),
    CheckStep("code", check=_photo_result),
    PrintStep("print", lines=_receipt),
    FinishStep("done"),
))


FLOWS: dict[str, Flow] = {
    f.name: f
    for f in (
        ID_CARD_RENEW,
        ID_CARD_REPLACE,
        _progress_flow("id_card.progress", "household"),
        ENDORSE_HK_MACAU,
        ENDORSE_TAIWAN,
        _progress_flow("exit_entry.progress", "exit_entry"),
        VIOLATION_QUERY,
        FINE_PAYMENT,
        _licence_flow("driver_license.renew", "renew_licence", renew=True),
        _licence_flow("driver_license.replace", "replace_licence", renew=False),
        INSPECTION_MARK,
        REGISTRATION_REPLACE,
        ID_PHOTO,
    )
}
"""Every implemented flow by intent name."""
