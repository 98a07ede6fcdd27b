"""Where the user is in a transaction: "第2步，共5步：核对信息".

A flow's steps are grouped into the stages a person recognises (read the ID card, face
check, photo, fill in, check, pay, receipt).  :func:`progress` gives the current stage,
its number, the total and what remains, for the screen's step indicator and for the
spoken answer to "我在哪" / help.  Stage titles are the texts ``stage_<id>`` of
``intents/flows/common.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.dialog.steps import (
    CallStep,
    CardStep,
    ChoiceStep,
    ConfirmStep,
    DeviceStep,
    FinishStep,
    Flow,
    FlowContext,
    PayStep,
    PriceStep,
    PrintStep,
    SlotStep,
    Step,
)

STAGES = ("card", "face", "photo", "finger", "choose", "info", "confirm", "pay", "finish")
"""Stage ids; each has a text ``stage_<id>`` in ``common.yaml``."""


@dataclass(frozen=True)
class Progress:
    """The current stage of a running transaction."""

    flow: str
    """Intent name of the transaction."""
    step: int
    """Number of the current stage, from 1."""
    total: int
    """Number of stages of this transaction (as far as known now)."""
    stage: str
    """Stage id (one of :data:`STAGES`)."""
    stages: tuple[str, ...]
    """All stage ids in order; ``stages[step - 1] == stage``."""

    @property
    def remaining(self) -> tuple[str, ...]:
        """Stage ids after the current one."""
        return self.stages[self.step:]


def stage_of(step: Step) -> str | None:
    """The stage a step belongs to (``None``: it continues the previous stage)."""
    if isinstance(step, CardStep):
        return "card"
    if isinstance(step, DeviceStep):
        return step.device
    if isinstance(step, SlotStep):
        return "info"
    if isinstance(step, ChoiceStep):
        return "choose"
    if isinstance(step, ConfirmStep):
        return "confirm"
    if isinstance(step, PayStep):
        return "pay"
    if isinstance(step, PrintStep | FinishStep):
        return "finish"
    return None


def _applies(flow: Flow, ctx: FlowContext, index: int) -> bool:
    step = flow.steps[index]
    if step.when is not None and not step.when(ctx):
        return False
    if isinstance(step, PayStep) and ctx.amount <= 0:
        # a fee table not yet applied (the price step still ahead): count the payment
        if any(isinstance(s, PriceStep) and i >= ctx.index
               for i, s in enumerate(flow.steps[:index])):
            return True
        # amount still unknown before a look-up (fines): count the payment until then
        looked_up = any(isinstance(s, CallStep) and s.id in ctx.data
                        for s in flow.steps[:index])
        has_lookup = any(isinstance(s, CallStep) for s in flow.steps[:index])
        return has_lookup and not looked_up and index > ctx.index
    return True


def progress(flow: Flow, ctx: FlowContext) -> Progress | None:
    """The stage ``ctx`` is at in ``flow`` (``None`` before the first stage)."""
    stages: list[str] = []
    current = 0
    for i in range(len(flow.steps)):
        stage = stage_of(flow.steps[i])
        if stage is not None and _applies(flow, ctx, i) and (not stages or stages[-1] != stage):
            stages.append(stage)
        if i == ctx.index:
            current = len(stages)
    if current == 0:
        return None
    return Progress(flow.name, current, len(stages), stages[current - 1], tuple(stages))
