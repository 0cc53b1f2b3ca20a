"""Retrying a command whose save collided with someone else's simultaneous write.

Two people may act on the same record at the same moment: two members approving one
decision, ten seats voting on one item. eventsourcing lets exactly one of two saves of the
same aggregate version in (a unique key on originator and version, in both stores); the
other gets an IntegrityError, which `Ledger._save` turns into `Collision`. A user must
never see a failure caused only by that, so every command method of `Ledger` (and
`sealing.seal`) is `@retried`: it runs again from the start, so it reloads the
aggregates and judges the rules against what the other writer recorded.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from ledger.errors import Conflict


class Writer(Protocol):
    retries: int  # how many times a command was run again after a collision


W = TypeVar("W", bound=Writer)
P = ParamSpec("P")
R = TypeVar("R")

ATTEMPTS = 25
"""How many times a command is tried when others' simultaneous writes keep beating it."""


class Collision(Conflict):
    """The store refused a save because another writer saved a newer version of one of
    its aggregates first (eventsourcing's IntegrityError). Nothing of it was recorded."""


def retried(command: Callable[Concatenate[W, P], R]) -> Callable[Concatenate[W, P], R]:
    """Run a command again, from loading its aggregates on, when its save collides with
    someone else's simultaneous write.

    Each attempt reloads what it needs and judges the rules afresh against the state the
    other writer left, so a rule broken only now (the item already decided, the seat
    already voted) is refused as usual, while a write that merely came second is
    recorded. After ATTEMPTS collisions in a row the command gives up with `Conflict`
    (nothing recorded). Waits between attempts grow and are random, so that writers
    racing in step fall out of step.
    """

    @functools.wraps(command)
    def run(self: W, /, *args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return command(self, *args, **kwargs)
            except Collision:
                if attempt == ATTEMPTS:
                    raise Conflict(f"others kept recording changes to the same records at "
                                   f"the same moment ({ATTEMPTS} attempts); nothing of yours "
                                   "was recorded: run the command again") from None
                self.retries += 1
                time.sleep(random.uniform(0, 0.002 * 2 ** min(attempt, 6)))
        raise AssertionError("unreachable")

    return run
