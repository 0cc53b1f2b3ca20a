"""The bundled examples: five real partnerships' terms and histories (examples/ of the
repository, shipped as the package `lsp_examples`). The demo replays their histories, and
`lsp init NAME --terms daventry` takes a bundled example's terms by its name."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from ledger.errors import NotFound, TermsError


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
