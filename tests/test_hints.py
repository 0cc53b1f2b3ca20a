"""The ledger's messages name no option or command; the command line adds its own hint.

A refusal carries a `remedy` code (ledger/errors.py); `cli/hints.py` words each code for
the terminal. These tests read every remedy code written in ledger/ and check that the
command line has words for it, and that no message of the domain names an option.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from cli.hints import hint_for, worded
from ledger.errors import InvalidInput, NotFound, RuleBroken
from ledger.kinds import KINDS

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = sorted((ROOT / "ledger").glob("*.py"))
REFUSALS = {"LedgerError", "NotFound", "AlreadyExists", "InvalidInput", "RuleBroken",
            "TermsError", "Conflict", "StoreError", "_refuse"}


def remedies_written() -> set[str]:
    """Every remedy code in ledger/*.py, as written (an f-string's leading literal part)."""
    found: set[str] = set()
    for path in DOMAIN:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "remedy":
                value = node.value
                if isinstance(value, ast.IfExp):
                    value = value.orelse if isinstance(value.body, ast.Constant) \
                        and value.body.value is None else value.body
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.add(value.value)
                elif isinstance(value, ast.JoinedStr):
                    found.add("".join(str(v.value) if isinstance(v, ast.Constant) else "x"
                                      for v in value.values))
    return found


def test_every_remedy_the_domain_gives_has_words_at_the_command_line() -> None:
    # Given every remedy code written in the domain's modules
    codes = remedies_written()
    # (`add:{kind}` stands for every kind of entity a command may name; the partnership,
    # the seals, the guards' repairs and the outbox are never added by name)
    kinds = {f"add:{kind}" for kind in KINDS
             if kind not in ("partnership", "seal", "guards", "outbox")}
    codes = (codes - {"add:x"}) | kinds if "add:x" in codes else codes
    # When the command line words each
    unworded = sorted(c for c in codes if hint_for(c) is None)
    # Then none is left without a hint, and the domain really gives some
    assert unworded == []
    assert len(codes) >= 15


def test_no_message_of_the_domain_names_an_option_or_a_command() -> None:
    # Given the string literals of the domain's refusals (an error made, or a rule's verdict)
    offending = []
    for path in DOMAIN:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in REFUSALS:
                for lit in ast.walk(node):
                    if isinstance(lit, ast.Constant) and isinstance(lit.value, str) \
                            and re.search(r"(^|[\s(`])--[a-z]|`?lsp [a-z]", lit.value):
                        offending.append(f"{path.name}:{lit.lineno}: {lit.value}")
    # When they are searched for "--option" or "lsp command"
    # Then none is found
    assert offending == []


@pytest.mark.parametrize(("error", "printed"), [
    (InvalidInput("a decision needs a title", remedy="input:title"),
     "a decision needs a title (--title)"),
    (NotFound("there is no org 'x' in the ledger", remedy="add:org"),
     "there is no org 'x' in the ledger (add it with `lsp org add`)"),
    (RuleBroken("voting", "4.3", ("seat a is not recorded as present",), 1,
                remedy="act:attend"),
     "refused by rule 'voting' (clause 4.3, terms version 1): seat a is not recorded as "
     "present (lsp attend)"),
    (InvalidInput("meeting 'm' is closed", remedy="act:correct:meeting:m"),
     "meeting 'm' is closed (lsp correct meeting:m VERSION)"),
    (InvalidInput("no remedy here"), "no remedy here"),
    (InvalidInput("an unknown code", remedy="input:nothing-like-it"), "an unknown code"),
])
def test_a_refusal_is_printed_with_the_command_lines_hint(error: InvalidInput,
                                                           printed: str) -> None:
    # Given a refusal with (or without) a remedy
    # When the command line words it
    text = worded(error)
    # Then the hint follows the message, in parentheses, or nothing does
    assert text == printed
