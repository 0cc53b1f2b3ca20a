"""Integrity: `lsp seal`, `lsp verify` and `lsp prove` (CONTRACT.md, "Integrity"), and
`lsp keys generate` for signed seals (docs/audit.md, "Signed seals").

The work is done by `ledger.audit.sealing`, `ledger.audit.verify`, `ledger.audit.proofs`
and `ledger.audit.signing`; these commands print their answers. A failed check raises
`IntegrityFailure`, which `cli.main.refuse` turns into exit code 3, an `Error: ` line on
stderr and, under `--json`, the whole report (with the first bad position). Keys are
read from files named on the command line (or `LSP_SEAL_KEY`), never from the store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from cli.context import settings
from cli.progress import Ticks, counter
from cli.render import emit, json_option
from ledger.audit import signing
from ledger.audit.proofs import check_bundle
from ledger.audit.proofs import prove as prove_decision
from ledger.audit.sealing import seal as seal_ledger
from ledger.audit.verify import verify as verify_ledger
from ledger.errors import InvalidInput


def _short(root: str) -> str:
    return root[:16] + "..."


@click.command()
@click.option("--key", "key_file", metavar="FILE",
              help="Sign the seal with this Ed25519 private key (PEM, from `lsp keys "
                   "generate`). The key is never stored in the ledger.")
@json_option
def seal(key_file: str | None) -> None:
    """Record a seal: the tree size and Merkle root of every event so far."""
    key = signing.load_private_key(key_file) if key_file is not None else None
    ledger = settings().ledger()
    info = seal_ledger(ledger, key)
    signed = f"\n  signed by key {info.key_id}" if info.key_id else ""
    if info.recorded:
        text = (f"Sealed {info.tree_size} events (up to position {info.last_position}).\n"
                f"  tree_size {info.tree_size}\n  root {info.root}\n"
                f"  recorded as #{info.position} (seal {info.version}){signed}")
    else:
        text = (f"Nothing new since the seal at position {info.position}: it stands.\n"
                f"  tree_size {info.tree_size}\n  root {info.root}{signed}")
    emit(info.as_dict(), lambda: text)


def _read_json(path: str, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise InvalidInput(f"{path} is not a {what} (JSON): {e}") from None


@click.command()
@click.option("--checkpoint", "checkpoint_file", metavar="FILE",
              type=click.Path(exists=True, dir_okay=False),
              help="Also check that the ledger extends this seal kept outside it: JSON with "
                   "`tree_size` and `root`, as `lsp seal --json` prints.")
@click.option("--public-key", "public_key_files", metavar="FILE", multiple=True,
              help="Check every signed seal's signature under the key it names, one of "
                   "these Ed25519 public keys (PEM; repeatable).")
@click.option("--require-signed", is_flag=True,
              help="Also fail on any seal that is not signed.")
@json_option
def verify(checkpoint_file: str | None, public_key_files: tuple[str, ...],
           require_signed: bool) -> None:
    """Recompute every seal from the stored events; exit 3 at the first bad position."""
    public_keys = [signing.load_public_key(f) for f in public_key_files]
    checkpoint = None
    if checkpoint_file is not None:
        checkpoint = _read_json(checkpoint_file, "checkpoint")
        if not isinstance(checkpoint, dict):
            raise InvalidInput(f"{checkpoint_file} is not a checkpoint: give a JSON object "
                               "with `tree_size` and `root`")
    ledger = settings().ledger()
    with counter(ledger.recorder.max_notification_id() or 0, "lsp verify") as bar:
        ticks = Ticks(bar) if bar else None
        report = verify_ledger(ledger, checkpoint, public_keys, require_signed,
                               on_event=ticks)
        if ticks:
            ticks.flush()
    report.raise_if_failed()
    lines = [f"OK: {report.events} events, {report.seals} seals.",
             f"  latest seal: tree_size {report.tree_size} root {report.root}"]
    if public_keys:
        ids = ", ".join(signing.key_id(k) for k in public_keys)
        lines.append(f"  every signed seal's signature checked (keys {ids})")
    if require_signed:
        lines.append("  every seal is signed")
    if report.unsealed:
        lines.append(f"  {report.unsealed} events after the latest seal (checked for "
                     "form only: run `lsp seal`)")
    if report.checkpoint is not None:
        lines.append(f"  the ledger extends the checkpoint of tree_size "
                     f"{report.checkpoint['tree_size']}")
    emit(report.as_dict(), lambda: "\n".join(lines))


@click.command()
@click.argument("decision", required=False)
@click.option("--verify", "bundle_file", metavar="FILE",
              type=click.Path(exists=True, dir_okay=False),
              help="Check a proof saved from `lsp prove DECISION --json` instead (needs no "
                   "ledger).")
@json_option
def prove(decision: str | None, bundle_file: str | None) -> None:
    """An inclusion proof of DECISION's events under the latest seal; or check one."""
    if (decision is None) == (bundle_file is None):
        raise click.UsageError("give either DECISION or --verify FILE")
    if bundle_file is not None:
        _check_bundle(bundle_file)
        return
    assert decision is not None
    bundle = prove_decision(settings().ledger(), decision).as_dict()
    lines = [f"Decision {decision}: {len(bundle['proofs'])} events under the seal at "
             f"position {bundle['seal_position']}",
             f"  tree_size {bundle['tree_size']}\n  root {bundle['root']}"]
    lines += [f"  position {p['position']}: {p['event']['topic']}, leaf {p['leaf_index']}, "
              f"leaf hash {_short(p['leaf_hash'])} ({len(p['audit_path'])} hashes in the path)"
              for p in bundle["proofs"]]
    lines += [f"  position {u['position']}: {u['topic']}, not sealed yet"
              for u in bundle["unsealed"]]
    lines.append("Save it with --json and check it with `lsp prove --verify FILE`.")
    emit(bundle, lambda: "\n".join(lines))


def _check_bundle(path: str) -> None:
    try:
        read = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        read = None
    bundle = check_bundle(read, path)
    doc = {"ok": True, "tree_size": bundle["tree_size"], "root": bundle["root"],
           "proofs": len(bundle["proofs"])}
    emit(doc, lambda: (f"OK: {len(bundle['proofs'])} events are under root {bundle['root']} "
                       f"of tree_size {bundle['tree_size']}.\n  Compare that root with a "
                       "seal you trust (`lsp verify --checkpoint`)."))


@click.group()
def keys() -> None:
    """Ed25519 key pairs for signing seals (`lsp seal --key`)."""


@keys.command("generate")
@click.argument("private_file", metavar="PRIVATE_FILE")
@click.argument("public_file", metavar="PUBLIC_FILE")
@json_option
def keys_generate(private_file: str, public_file: str) -> None:
    """Write a new key pair: PRIVATE_FILE (mode 0600) and PUBLIC_FILE, both PEM."""
    pair = signing.generate(private_file, public_file)
    emit(pair.as_dict(), lambda: (
        f"Key {pair.key_id} generated.\n  private key {pair.private_file} (keep it secret, "
        f"outside the ledger)\n  public key {pair.public_file} (give it to the auditors)"))
