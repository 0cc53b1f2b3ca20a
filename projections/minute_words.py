"""How the minutes say what was decided: the resolution, then how it was reached.

A clerk writes "RESOLVED: that the bid be supported." and then "On a vote: 2 for, 2
against, 1 abstention; the Chair, Cllr Amy Hart, used the casting vote in favour (clause
4.3)." The ledger records the evidence (counts, casting vote, clause) as data; these pure
functions put it into those words, so the Markdown and HTML minutes (and anything else
that prints a minute) say it once and alike. The machine-written `reason` of a vote stays
on the read model for `--json`; the paper never prints it.

No pronouns: the ledger does not record how a person is referred to, so a casting vote is
"used" by the Chair, never "her" or "his".
"""

from __future__ import annotations

from ledger.meeting import Item

# How an item ended without a vote (`ledger.meeting.ITEM_OUTCOMES`), as its label.
CONSENSUS_LABELS = {"agreed": "RESOLVED", "noted": "NOTED", "endorsed": "ENDORSED",
                    "referred": "REFERRED", "deferred": "DEFERRED"}
# What a meeting did with a decision taken between meetings, or with a membership request.
REPORTED = {"ratified": "that the decision be ratified", "noted": "that the decision be noted",
            "endorsed": "that the decision be endorsed",
            "rescinded": "that the decision be rescinded",
            "deferred": "that consideration of the decision be deferred"}
ROLE_NAMES = {"chair": "Chair", "co-chair": "Co-Chair", "vice-chair": "Vice-Chair"}


def sentence(text: str) -> str:
    """Text as a sentence of the minutes: stripped, ending with a full stop."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def tally(votes_for: int, votes_against: int, abstentions: int) -> str:
    """ "2 for, 2 against, 1 abstention" """
    return (f"{votes_for} for, {votes_against} against, "
            f"{counted(abstentions, 'abstention', 'abstentions')}")


def resolved_by_consensus(it: Item, referred_to_name: str | None) -> tuple[str, str]:
    """The label and words of an item that ended without a vote: what was resolved, as
    recorded (`lsp decide --consensus`)."""
    label = CONSENSUS_LABELS.get(it.how, it.how.upper())
    if it.how == "referred":
        label = f"REFERRED to the {referred_to_name or it.referred_to}"
    return label, sentence(it.consensus or "")


def resolved_by_vote(result: str, resolution: str, title: str) -> tuple[str, str]:
    """The label and words of an item decided on a vote: the motion's words when they
    were recorded (`lsp vote close --resolution`), else the proposal by its title."""
    motion = resolution.strip().rstrip(".")
    if result == "carried":
        return "RESOLVED", sentence(motion or f"that the proposal, {title}, be agreed")
    if result == "tied":
        return "NOT AGREED", ("The vote was tied and, with no casting vote, the proposal "
                              f"{motion + ' ' if motion else ''}fell.")
    return "NOT AGREED", f"The proposal {motion + ' ' if motion else ''}was lost."


def on_a_vote(votes_for: int, votes_against: int, abstentions: int, casting: str | None,
              casting_by: str | None, casting_role: str | None, clause: str) -> str:
    """ "On a vote: 2 for, 2 against, 1 abstention; the Chair, Cllr Amy Hart, used the
    casting vote in favour (clause 4.3)." """
    said = f"On a vote: {tally(votes_for, votes_against, abstentions)}"
    if casting is not None:
        who = f"the {casting_role or 'Chair'}" + (f", {casting_by}," if casting_by else "")
        said += f"; {who} used the casting vote {'in favour' if casting == 'for' else 'against'}"
    elif votes_for == votes_against:
        said += "; a tie, with no casting vote"
    cited = clause and clause not in ("n/a", "ledger rule")  # the terms' own clause only
    return said + (f" (clause {clause})." if cited else ".")


def reported(outcome: str) -> str:
    """What the meeting resolved about a decision taken between meetings."""
    return REPORTED.get(outcome, f"that the decision be {outcome}")


def request_decided(decision: str) -> str:
    """What the meeting resolved about a membership request."""
    return f"that the request be {decision}"
