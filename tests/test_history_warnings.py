"""Each example history runs end to end, and `lsp check` raises only the warnings its
story intends (issue 15, "Done when").

Daventry (examples/daventry/history.lsp): the Police's new representative has not been
confirmed as vice-chair (rule `role-holder-changed`, 4.4); nothing else: the Council's
seats match 4.1's split, and the Forum's chair was approved at the Executive's review
(4.14). Lewisham (examples/lewisham/history.lsp): the Full LSP has not yet met
(`meeting-cycle`). Replayed as the demo replays them, the clock pinned to December 2026.
"""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from cli.demo import replay
from ledger.app import Ledger
from projections import warnings
from projections.catchup import ReadStore
from tests.conftest import EXAMPLES, on

INTENDED = {
    "daventry": [("executive", "role-holder-changed", "4.4")],
    "lewisham": [("full", "meeting-cycle", "Full LSP, meetings")],
}


@pytest.mark.sqlite_only  # the demo's replay, on a file as the demo builds it
@pytest.mark.parametrize("name", sorted(INTENDED))
@freeze_time("2026-12-20 12:00:00")
def test_the_example_history_raises_only_the_warnings_its_story_intends(
        name: str, store: str) -> None:
    # given: the example's history replayed
    replay(EXAMPLES / name / "history.lsp", store)
    # when: checked a few days before Christmas
    ledger = Ledger(store, "reader")
    try:
        found = warnings.check(ReadStore(ledger), on("2026-12-20")).warnings
    finally:
        ledger.close()
    # then: exactly the warnings the story tells
    assert [(w.body, w.rule, w.clause) for w in found] == INTENDED[name]
