"""Issue 17: `lsp` installed like any tool. The wheel, installed into a fresh virtual
environment, runs `lsp demo` from an empty folder: the demo's terms and histories ship in
the package (`lsp_examples`, examples/ of the repository), and so does every module.

One test, about 20 s (a wheel built, a virtual environment made, the dependencies
installed from the configured index); it runs in CI like any other (`-m "not packaging"`
leaves it out while working).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# What is not the source: copied, a build could ship it (a stale build/ folder does).
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info",
                                    "__pycache__", ".*_cache", ".hypothesis", "*.sqlite*")


def run(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=600, check=False)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result


def shipped(folder: str, *suffixes: str) -> set[str]:
    """The repository's files under `folder` with those suffixes, as paths in a wheel."""
    return {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*")
            if p.is_file() and p.suffix in suffixes and "__pycache__" not in p.parts}


@pytest.mark.packaging
def test_the_installed_wheel_runs_the_demo_from_an_empty_folder_issue_17(
        tmp_path: Path) -> None:
    # given: a wheel built from a clean copy of the sources (`pip wheel --no-deps`),
    # installed into a fresh virtual environment
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LSP_", "PYTHON", "VIRTUAL_ENV"))}
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, source,
        cwd=tmp_path, env=env)
    (wheel,) = wheels.glob("lsp_ledger-*.whl")
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path, env=env)
    run(venv / "bin" / "python", "-m", "pip", "install", "-q", wheel, cwd=tmp_path, env=env)
    empty = tmp_path / "empty"
    empty.mkdir()

    # when: `lsp demo` runs in an empty folder
    demo = run(venv / "bin" / "lsp", "demo", cwd=empty, env=env)
    one = run(venv / "bin" / "lsp", "demo", "--partnership", "tower-hamlets", "--store",
              tmp_path / "th.sqlite", cwd=empty, env=env)
    where = run(venv / "bin" / "python", "-c", "import cli.demo; print(cli.demo.__file__)",
                cwd=empty, env=env)

    # then: it builds both demo ledgers there, from the code and examples the wheel
    # installed; and the wheel holds every module and template, and the examples
    assert demo.stdout.startswith("Built lsp-demo.sqlite (Daventry, "), demo.stdout
    assert sorted(p.name for p in empty.iterdir()) == ["lsp-demo-lewisham.sqlite",
                                                       "lsp-demo.sqlite"]
    assert Path(where.stdout.strip()).is_relative_to(venv)
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("ledger", "projections", "cli", "web"):
        assert shipped(folder, ".py", ".j2", ".css") <= names, folder
    examples = {"lsp_examples/" + p.removeprefix("examples/")
                for p in shipped("examples", ".toml", ".lsp")}
    assert examples <= names
    assert {f"lsp_examples/{name}/history.lsp" for name in (
        "daventry", "lewisham", "tower-hamlets", "southwark-alliance", "partnership-southwark",
    )} <= examples
    assert one.stdout.startswith(f"Built {tmp_path / 'th.sqlite'} (The Tower Hamlets "
                                 "Partnership, ")
