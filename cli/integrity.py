"""Integrity: `lsp seal`, `lsp checkpoint`, `lsp verify` and `lsp prove` (CONTRACT.md,
"Integrity"), and `lsp keys generate` for signed seals (docs/audit.md, "Signed seals").

The work is done by `ledger.audit.sealing`, `ledger.audit.checkpoint`,
`ledger.audit.verify`, `ledger.audit.proofs` and `ledger.audit.signing`; these commands
print their answers. A failed check raises `IntegrityFailure`, which `cli.main.refuse`
turns into exit code 3, an `Error: ` line on stderr and, under `--json`, the whole report
(with the first bad position). Keys are read from files named on the command line (or
`LSP_SEAL_KEY`), never from the store.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cli.context import settings
from cli.progress import Ticks, counter
from cli.render import emit, json_option
from ledger.audit import checkpoint as notes
from ledger.audit import signing
from ledger.audit.proofs import check_bundle, check_consistency, prove_consistency
from ledger.audit.proofs import prove as prove_decision
from ledger.audit.sealing import latest_seal
from ledger.audit.sealing import seal as seal_ledger
from ledger.audit.verify import Kept, Problem, VerifyReport
from ledger.audit.verify import verify as verify_ledger
from ledger.errors import InvalidInput

if TYPE_CHECKING:
    from ledger.app import Ledger


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
    if info.downgraded:
        click.echo(f"Warning: the seal before this one was signed and this one is not: "
                   f"`lsp verify --public-key` fails at position {info.position} (seal "
                   "with --key FILE, or set LSP_SEAL_KEY)", err=True)
    emit(info.as_dict(), lambda: text)


def _read_json(path: str, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise InvalidInput(f"{path} is not a {what} (JSON): {e}") from None


def _kept(path: str) -> list[tuple[str | None, Kept]]:
    """The checkpoints a `--checkpoint` names: a folder of saved ones, a checkpoint text,
    or the JSON `lsp seal --json` prints."""
    if Path(path).is_dir():
        return [(where, found) for where, found in notes.read_all([path])]
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidInput(f"{path} is not a checkpoint: {e}") from None
    if not text.lstrip().startswith("{"):
        if "\n" not in text.strip():  # not a checkpoint text either: say what one is
            raise InvalidInput(f"{path} is not a checkpoint: give the text `lsp checkpoint` "
                               "prints, a folder of them, or JSON with `tree_size` and "
                               "`root` as `lsp seal --json` prints")
        return [(path, notes.parse(text, path))]
    checkpoint = _read_json(path, "checkpoint")
    if not isinstance(checkpoint, dict):
        raise InvalidInput(f"{path} is not a checkpoint: give a JSON object with "
                           "`tree_size` and `root`")
    return [(path, checkpoint)]


def _with_read_models(report: VerifyReport, ledger: Ledger) -> VerifyReport:
    """The report with the read models compared with a rebuild from the log
    (`projections.drift`): each row that differs is a problem naming table and entity."""
    from projections.drift import check  # why: verify's other checks do not need it

    checked = check(ledger)
    problems = [Problem(None, f"the read model {d.table} is not what the log gives for "
                              f"{d.entity}: {d.problem}; `lsp projections rebuild` repairs "
                              "it", (("table", d.table), ("entity", d.entity)))
                for d in checked.drift]
    return report.with_read_models(checked.as_dict(), problems)


@click.command()
@click.option("--checkpoint", "checkpoint_files", metavar="FILE|DIR", multiple=True,
              type=click.Path(exists=True),
              help="Also prove that the ledger extends this checkpoint kept outside it "
                   "(repeatable): the text `lsp checkpoint` prints, a folder kept by "
                   "`lsp checkpoint --save DIR`, or the JSON `lsp seal --json` prints.")
@click.option("--public-key", "public_key_files", metavar="FILE", multiple=True,
              help="Check every signed seal's signature under the key it names, one of "
                   "these Ed25519 public keys (PEM; repeatable); a seal unsigned after a "
                   "signed one then fails.")
@click.option("--require-signed", is_flag=True,
              help="Also fail on any seal that is not signed.")
@click.option("--rejudge/--no-rejudge", default=True, show_default=True,
              help="Judge every recorded act again by the rules of the terms in force on "
                   "its date, with the state then known (an act they would have refused "
                   "fails at its position).")
@click.option("--rejudge-since-checkpoint", is_flag=True,
              help="Judge again only the acts after the newest --checkpoint (those it "
                   "covers were judged when it was verified); they are still folded.")
@click.option("--read-models/--no-read-models", default=True, show_default=True,
              help="Compare the read models (rosters, audit trail...) with a rebuild from "
                   "the log (a row that differs fails, naming its table and entity).")
@json_option
def verify(checkpoint_files: tuple[str, ...], public_key_files: tuple[str, ...],
           require_signed: bool, rejudge: bool, rejudge_since_checkpoint: bool,
           read_models: bool) -> None:
    """Recompute every seal, re-judge every act, check the read models; exit 3 at the
    first bad position."""
    public_keys = [signing.load_public_key(f) for f in public_key_files]
    kept = [one for path in checkpoint_files for one in _kept(path)]
    ledger = settings().ledger()
    with counter(ledger.recorder.max_notification_id() or 0, "lsp verify") as bar:
        ticks = Ticks(bar) if bar else None
        report = verify_ledger(ledger, None, public_keys, require_signed, kept,
                               on_event=ticks, rejudge=rejudge,
                               rejudge_since_checkpoint=rejudge_since_checkpoint)
        if ticks:
            ticks.flush()
    if read_models:
        report = _with_read_models(report, ledger)
    report.raise_if_failed()
    lines = [f"OK: {report.events} events, {report.seals} seals.",
             f"  latest seal: tree_size {report.tree_size} root {report.root}"]
    if public_keys:
        ids = ", ".join(signing.key_id(k) for k in public_keys)
        lines.append(f"  every signed seal's signature checked (keys {ids})")
    if require_signed:
        lines.append("  every seal is signed")
    if report.read_models is not None:
        position = report.read_models["position"]
        lines.append("  read models: " + (f"{report.read_models['rows']} rows as the log "
                                          f"gives them (up to position {position})"
                                          if position is not None else "none yet"))
    if report.rejudged is not None:
        before = report.rejudged["judged_before"]
        lines.append(f"  {report.rejudged['acts']} recorded acts judged again by the terms in "
                     "force on their dates: all lawful"
                     + (f" (the {before} events under the checkpoint were judged before)"
                        if before else ""))
    if report.unsealed:
        lines.append(f"  {report.unsealed} events after the latest seal (checked for "
                     "form only: run `lsp seal`)")
    for checked in report.checkpoints:
        against = checked["proved_against"]
        lines.append(f"  the ledger extends the checkpoint of tree_size "
                     f"{checked['tree_size']}"
                     + (f" ({checked['source']})" if checked["source"] else "")
                     + f": consistency proof of {len(checked['proof'])} hashes to "
                     + ("the latest seal" if against["seal"] else "all the events")
                     + f" (tree_size {against['tree_size']})")
    lines.append("  append-only guards: all in place; storage: "
                 + (f"PRAGMA integrity_check {report.storage['integrity_check']}"
                    if report.storage and report.storage["integrity_check"] != "not run"
                    else "no integrity check on this store"))
    if report.not_ruled_out:
        lines.append("Not ruled out by these checks:")
        lines += [f"  - {c.message}" for c in report.not_ruled_out]
    emit(report.as_dict(), lambda: "\n".join(lines))


@click.command("checkpoint")
@click.option("--key", "key_file", metavar="FILE",
              help="Also sign it with this Ed25519 private key (PEM), as a seal recorded "
                   "before checkpoints existed is not.")
@click.option("--save", "folder", metavar="DIR",
              help="Also keep it in DIR as a dated file of its own (never overwriting), "
                   "for `lsp verify --checkpoint DIR`.")
@json_option
def checkpoint(key_file: str | None, folder: str | None) -> None:
    """Print the latest seal as a checkpoint (C2SP tlog-checkpoint) to keep outside."""
    key = signing.load_private_key(key_file) if key_file is not None else None
    ledger = settings().ledger()
    info = latest_seal(ledger)
    found = notes.current(ledger, info, key)
    assert info is not None  # `current` refuses a ledger never sealed
    doc = {**found.as_dict(), "seal_position": info.position, "saved": None,
           "written": False}
    if folder is not None:
        when = info.recorded_on or datetime.now(UTC)
        path, written = notes.save(found, folder, when)
        doc.update(saved=str(path), written=written)
        click.echo(("Kept as " if written else "Already kept as ") + str(path), err=True)
    emit(doc, lambda: found.text.rstrip("\n"))


@click.command()
@click.argument("decision", required=False)
@click.option("--verify", "bundle_file", metavar="FILE",
              type=click.Path(exists=True, dir_okay=False),
              help="Check a proof saved from `lsp prove ... --json` instead (needs no "
                   "ledger): an inclusion or a consistency proof.")
@click.option("--consistency", "old_size", metavar="OLD_SIZE", type=click.IntRange(min=0),
              help="Instead, an RFC 9162 consistency proof that the ledger extends its "
                   "tree of OLD_SIZE events.")
@click.option("--to", "new_size", metavar="NEW_SIZE", type=click.IntRange(min=0),
              help="With --consistency: the newer tree (default: the latest seal's).")
@json_option
def prove(decision: str | None, bundle_file: str | None, old_size: int | None,
          new_size: int | None) -> None:
    """An inclusion proof of DECISION's events under the latest seal; or check one."""
    if sum(x is not None for x in (decision, bundle_file, old_size)) != 1:
        raise click.UsageError("give DECISION, --consistency OLD_SIZE or --verify FILE")
    if new_size is not None and old_size is None:
        raise click.UsageError("--to goes with --consistency")
    if bundle_file is not None:
        _check_bundle(bundle_file)
        return
    if old_size is not None:
        _consistency(old_size, new_size)
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


def _consistency(old_size: int, new_size: int | None) -> None:
    proof = prove_consistency(settings().ledger(), old_size, new_size)
    lines = [f"The tree of {proof['new_size']} events extends the tree of "
             f"{proof['old_size']} (RFC 9162 consistency proof, {len(proof['proof'])} "
             "hashes):",
             f"  old_size {proof['old_size']} old_root {proof['old_root']}",
             f"  new_size {proof['new_size']} new_root {proof['new_root']}"]
    lines += [f"  {h}" for h in proof["proof"]]
    lines.append("Save it with --json and check it with `lsp prove --verify FILE`, or with "
                 "docs/consistency_example.py.")
    emit(proof, lambda: "\n".join(lines))


def _check_bundle(path: str) -> None:
    try:
        read = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        read = None
    if isinstance(read, dict) and "old_size" in read:
        checked = check_consistency(read, path)
        emit({"ok": True, **{k: checked[k] for k in ("old_size", "new_size", "old_root",
                                                      "new_root")}},
             lambda: (f"OK: the tree of {checked['new_size']} events with root "
                      f"{checked['new_root']} extends the tree of {checked['old_size']} "
                      f"with root {checked['old_root']}.\n  Compare the old root with a "
                      "checkpoint you kept, and the new one with a seal you trust."))
        return
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
