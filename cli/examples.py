"""The bundled examples: five real partnerships' terms and histories (examples/ of the
repository, shipped as the package `lsp_examples`). The demo replays their histories, and
`lsp init NAME --terms daventry` takes a bundled example's terms by its name."""

from __future__ import annotations

import importlib.util
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ledger.errors import InvalidInput, NotFound, TermsError


def examples_dir() -> Path:
    """The package `lsp_examples` (examples/ shipped with the code, pyproject.toml), so the
    demo runs from any folder after `pip install .`; else examples/ beside the code (a
    source tree on the path)."""
    candidates = [Path(__file__).resolve().parents[1] / "examples"]
    spec = importlib.util.find_spec("lsp_examples")
    if spec is not None and spec.submodule_search_locations:
        candidates[:0] = [Path(p) for p in spec.submodule_search_locations]
    for candidate in candidates:
        if (candidate / "daventry" / "history.lsp").is_file():
            return candidate
    raise NotFound("cannot find the demo's examples (the package lsp_examples, installed "
                   "with lsp-ledger): reinstall it, e.g. `pip install --force-reinstall .`")


def bundled_names() -> list[str]:
    return sorted(p.parent.name for p in examples_dir().glob("*/terms.toml"))


def histories() -> list[str]:
    """The bundled examples with a history (examples/NAME/history.lsp): what
    `lsp demo --partnership NAME` can build."""
    return sorted(p.parent.name for p in examples_dir().glob("*/history.lsp"))


# The one line of a history's header that says where its story ends and what `lsp check`
# warns of there, e.g.
#   # At its end: `lsp check --as-of 2026-12-02` warns of: action-overdue (board).
#   # At its end: `lsp check --as-of 2026-11-30` warns of: nothing.
_END = re.compile(r"^# At its end: `lsp check --as-of (\d{4}-\d{2}-\d{2})` warns of: (.+)\.$",
                  re.M)
_WARNING = re.compile(r"^([a-z0-9-]+) \(([a-z0-9-]+)\)$")


@dataclass(frozen=True)
class StoryEnd:
    """Where a history's story ends, and the warnings (rule, body) its author intends
    `lsp check` to give on that day: the tests hold each history to them."""

    as_of: str  # an ISO date
    warnings: tuple[tuple[str, str], ...]


def story_end(history: str) -> StoryEnd | None:
    """The header line of `history` (a history.lsp's text) naming its end; None without
    one. Each intended warning is written `RULE (BODY)`, comma-separated, or `nothing`."""
    found = _END.search(history)
    if found is None:
        return None
    said = found.group(2).strip()
    warnings: list[tuple[str, str]] = []
    if said != "nothing":
        for part in said.split(","):
            one = _WARNING.match(part.strip())
            if one is None:
                raise InvalidInput(f"cannot read the intended warning {part.strip()!r}: "
                                   "write RULE (BODY), or nothing")
            warnings.append((one.group(1), one.group(2)))
    return StoryEnd(found.group(1), tuple(warnings))


def terms_path(value: str) -> str:
    """A terms file as given, or, when no such file exists and `value` is the name of a
    bundled example (`daventry`), that example's terms.toml."""
    if os.path.exists(value) or os.sep in value or "/" in value:
        return value
    try:
        bundled = examples_dir() / value / "terms.toml"
    except NotFound:
        return value
    if bundled.is_file():
        return str(bundled)
    raise TermsError(f"{value}: there is no such terms file, and no bundled example of that "
                     f"name (the bundled ones: {', '.join(bundled_names())})")
