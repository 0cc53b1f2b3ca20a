"""Signed seals (ledger/audit/signing.py, `lsp seal --key`, `lsp keys generate`, `lsp verify
--public-key`): an Ed25519 signature over each seal's canonical bytes, made with a private
key that never enters the store.

An attacker here has the SQLite file and this code, but not the private key: they drop the
append-only triggers and rewrite rows, recomputing whatever the ledger could recompute (a
seal's `check`). Whatever they do to a signed seal, `verify` with the public key names that
seal's position. The canonical bytes are checked here as docs/audit.md defines them, with
raw Ed25519 and no help from ledger.audit.signing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from cli.main import cli
from ledger.app import Ledger
from ledger.audit import sealing, signing, verify
from ledger.audit.seal import seal_check
from ledger.errors import AlreadyExists, InvalidInput
from tests.conftest import EXAMPLES
from tests.helpers import attack, is_postgres, raw, rows, seals_in
from tests.stories import build_daventry

Keys = tuple[Path, Path]
DAVENTRY = str(EXAMPLES / "daventry" / "terms.toml")


# ---------------------------------------------------------------------------- helpers


def make_keys(folder: Path, name: str) -> Keys:
    private, public = folder / f"{name}.key", folder / f"{name}.pub"
    signing.generate(private, public)
    return private, public


@pytest.fixture
def keys(tmp_path: Path) -> Keys:
    return make_keys(tmp_path, "secretariat")


@pytest.fixture
def other_keys(tmp_path: Path) -> Keys:
    return make_keys(tmp_path, "intruder")


def signed_daventry(store: str, private: Path) -> None:
    """The Daventry ledger, sealed twice, each seal signed with `private`."""
    key = signing.load_private_key(private)
    ledger = build_daventry(store, seal=False)
    sealing.seal(ledger, key)
    ledger.add_person("erin", "Erin")
    sealing.seal(ledger, key)
    ledger.close()


def report(store: str, public: list[Path] | None = None,
           require_signed: bool = False) -> verify.VerifyReport:
    ledger = Ledger(store, "auditor")
    try:
        keys = [signing.load_public_key(p) for p in public or []]
        return verify.verify(ledger, None, keys, require_signed)
    finally:
        ledger.close()


def rewrite_seal(store: str, position: int, change: Callable[[dict[str, Any]], None]) -> None:
    """As an attacker with this code but no private key: decode the seal at `position`,
    change its fields, recompute its `check` and store the bytes the ledger would write."""
    ledger = Ledger(store, "attacker")
    try:
        stored = ledger.recorder.select_notifications(start=position, limit=1)[0]
        event = ledger.mapper.to_domain_event(stored)
        change(event.__dict__)
        event.__dict__["check"] = seal_check(event.__dict__)
        state = ledger.mapper.to_stored_event(event).state
    finally:
        ledger.close()
    attack(store, ("UPDATE stored_events SET state = ? WHERE rowid = ?", (state, position)))


def flip(hex_text: str) -> str:
    return ("0" if hex_text[0] != "0" else "1") + hex_text[1:]


def lsp(store: str, *args: str, env: dict[str, str | None] | None = None) -> Result:
    """`lsp` as a user runs it, stdout and stderr apart; sealing after writes off unless
    `env` says otherwise."""
    return CliRunner().invoke(cli, ["--store", store, "--as", "tester", *args],
                              catch_exceptions=False,
                              env={"LSP_SEAL": "off", "LSP_SEAL_KEY": None, **(env or {})})


# ---------------------------------------------------------------------------- signing


def test_a_signed_seal_verifies_under_its_public_key(keys: Keys, store: str) -> None:
    # Given a key pair, and a ledger sealed twice with its private key
    private, public = keys
    signed_daventry(store, private)
    # When the seals are read from the file and the ledger verified with the public key
    found = seals_in(store)
    checked = report(store, [public], require_signed=True)
    # Then it is OK, every seal names the key, and each signature checks with raw Ed25519
    # over the canonical bytes exactly as docs/audit.md defines them
    assert checked.ok and checked.problems == ()
    assert len(found) == 2
    pem = serialization.load_pem_public_key(public.read_bytes())
    assert isinstance(pem, Ed25519PublicKey)
    raw = pem.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    for _, state in found:
        assert state["key_id"] == hashlib.sha256(raw).hexdigest()[:16]
        assert len(state["signature"]) == 128
        message = f"{state['format']}\n{state['tree_size']}\n{state['root']}\n".encode()
        Ed25519PublicKey.from_public_bytes(raw).verify(bytes.fromhex(state["signature"]),
                                                       message)
        with pytest.raises(InvalidSignature):
            Ed25519PublicKey.from_public_bytes(raw).verify(
                bytes.fromhex(state["signature"]), message.replace(b"\n", b"\r\n"))


def test_an_unsigned_seal_records_null_signature_and_key_id(store: str) -> None:
    # Given a ledger sealed without a key
    build_daventry(store).close()
    # When its seals are read from the file
    found = seals_in(store)
    # Then each holds null for both, and the ledger verifies (no key asked for)
    assert found and all(s["signature"] is None and s["key_id"] is None for _, s in found)
    assert report(store).ok


@pytest.mark.parametrize("recompute_check", [True, False], ids=["check-recomputed",
                                                                  "byte-flipped"])
def test_a_forged_signature_is_found_at_its_seal(keys: Keys, store: str,
                                                 recompute_check: bool) -> None:
    # Given a ledger whose two seals are signed
    private, public = keys
    signed_daventry(store, private)
    (first, _), (second, state) = seals_in(store)
    # When an attacker flips one digit of the latest seal's signature: recomputing its
    # check as the ledger would, or flipping a byte of the stored state as it is
    if recompute_check:
        rewrite_seal(store, second,
                     lambda fields: fields.update(signature=flip(fields["signature"])))
    else:
        raw_state = next(r[4] for r in rows(store) if r[0] == second)
        signature = state["signature"].encode()
        assert raw_state.count(signature) == 1
        attack(store, ("UPDATE stored_events SET state = ? WHERE rowid = ?",
                       (raw_state.replace(signature, flip(signature.decode()).encode()),
                        second)))
    # Then verifying with the public key names that seal, and only it, for its signature
    found = report(store, [public])
    assert not found.ok
    assert found.first is not None and found.first.position == second
    assert {p.position for p in found.problems} == {second}
    assert any("signature that key" in p.problem and "forged or changed" in p.problem
               for p in found.problems)
    assert first not in {p.position for p in found.problems}
    # and without the key only the unrecomputed check gives it away
    assert report(store).ok is recompute_check


def test_a_rewritten_seal_re_signed_with_another_key_is_found(
        keys: Keys, other_keys: Keys, store: str) -> None:
    # Given a ledger whose seals are signed with the secretariat's key
    private, public = keys
    signed_daventry(store, private)
    _, (latest, _) = seals_in(store)
    # When an attacker re-signs the latest seal with a key of their own, naming it
    intruder = signing.load_private_key(other_keys[0])

    def resign(fields: dict[str, Any]) -> None:
        fields.update(signature=signing.sign(intruder, fields["format"],
                                             fields["tree_size"], fields["root"]),
                      key_id=signing.key_id(intruder))

    rewrite_seal(store, latest, resign)
    # Then verifying with the secretariat's public key names that seal's position
    found = report(store, [public])
    assert found.first is not None and found.first.position == latest
    assert f"signed by key {signing.key_id(intruder)}" in found.first.problem
    assert "not one of the public keys given" in found.first.problem
    # and with both public keys (the intruder's too) it is accepted: a key is trusted only
    # because the auditor was given it
    assert report(store, [public, other_keys[1]]).ok


def test_a_signature_claiming_the_right_key_but_made_by_another_is_found(
        keys: Keys, other_keys: Keys, store: str) -> None:
    # Given a ledger whose seals are signed with the secretariat's key
    private, public = keys
    signed_daventry(store, private)
    (first, _), _ = seals_in(store)
    # When an attacker signs the first seal with their own key but keeps the key id
    intruder = signing.load_private_key(other_keys[0])
    rewrite_seal(store, first, lambda fields: fields.update(
        signature=signing.sign(intruder, fields["format"], fields["tree_size"],
                               fields["root"])))
    # Then the signature does not verify under the key it names, at that position
    found = report(store, [public])
    assert found.first is not None and found.first.position == first
    assert "forged or changed" in found.first.problem


def test_stripping_the_signature_is_found_when_seals_must_be_signed(
        keys: Keys, store: str) -> None:
    # Given a ledger whose seals are signed
    private, public = keys
    signed_daventry(store, private)
    (first, _), (second, _) = seals_in(store)
    # When an attacker removes the latest seal's signature (recomputing its check)
    rewrite_seal(store, second, lambda fields: fields.update(signature=None, key_id=None))
    # Then --require-signed finds it, at that seal's position
    found = report(store, [public], require_signed=True)
    assert [p.position for p in found.problems] == [second]
    assert found.problems[0].problem == f"the seal at position {second} is not signed"
    # and so does --public-key alone (issue 13 item 2: signing never silently stops; this
    # test said `ok` before, the downgrade the issue found): an unsigned seal after a
    # signed one fails at its position
    downgraded = report(store, [public])
    assert [p.position for p in downgraded.problems] == [second]
    assert downgraded.problems[0].problem.startswith(
        f"the seal at position {second} is not signed, but the seal at position {first} "
        "before it was")


def test_require_signed_flags_every_unsigned_seal(store: str) -> None:
    # Given a ledger sealed three times without a key
    build_daventry(store).close()
    positions = [p for p, _ in seals_in(store)]
    # When it is verified with and without --require-signed
    plain, strict = report(store), report(store, require_signed=True)
    # Then only the strict check fails, once per seal, at each seal's position
    assert plain.ok
    assert [p.position for p in strict.problems] == positions
    assert all("is not signed" in p.problem for p in strict.problems)


def test_a_seal_stored_before_signing_existed_still_loads(store: str, keys: Keys) -> None:
    # Given a ledger whose latest seal is stored as before this feature: its state holds
    # no `signature` nor `key_id` at all (its check never covered them)
    build_daventry(store).close()
    latest = seals_in(store)[-1][0]
    rewrite_seal(store, latest, lambda fields: [fields.pop("signature"),
                                                fields.pop("key_id")])
    state = json.loads(next(r[4] for r in rows(store) if r[0] == latest))
    assert "signature" not in state and "key_id" not in state
    # When it is read, verified, and sealed on top of (signed) after a write
    ledger = Ledger(store, "secretariat")
    current = sealing.latest_seal(ledger)
    ledger.add_person("erin", "Erin")
    after = sealing.seal(ledger, signing.load_private_key(keys[0]))
    ledger.close()
    # Then the old seal reads as unsigned, everything verifies, and the new seal is signed
    assert current is not None and current.position == latest
    assert (current.signature, current.key_id) == (None, None)
    assert after.recorded and after.key_id == signing.key_id(
        signing.load_public_key(keys[1]))
    assert report(store, [keys[1]]).ok
    assert [p.position for p in report(store, [keys[1]], require_signed=True).problems
            ] == [p for p, _ in seals_in(store)][:-1]


# ---------------------------------------------------------------------------- the keys


def test_keys_never_appear_in_the_store(keys: Keys, store: str) -> None:
    # Given a ledger sealed with a private key, and that key's secret bytes
    private, _ = keys
    signed_daventry(store, private)
    key = signing.load_private_key(private)
    secret_bytes = key.private_bytes(serialization.Encoding.Raw,
                                     serialization.PrivateFormat.Raw,
                                     serialization.NoEncryption())
    pem_body = "".join(private.read_text().splitlines()[1:-1])
    # When every byte of the SQLite file (and any journal beside it) is searched, or
    # every row of every table of the PostgreSQL schema (its bytes, and as text)
    if is_postgres(store):
        with raw(store) as db:
            tables = [r[0] for r in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
            data = b"".join(r[4] for r in rows(store)) + "".join(
                str(r[0]) for t in tables for r in db.execute(f"SELECT t::text FROM {t} t")
            ).encode()
    else:
        data = b"".join(p.read_bytes() for p in Path(store).parent.iterdir()
                        if p.name.startswith(Path(store).name))
    # Then the signatures are there but neither the PEM body, nor the raw key in bytes,
    # hex or base64
    assert seals_in(store)[0][1]["signature"].encode() in data
    for secret in (pem_body.encode(), pem_body[:40].encode(), secret_bytes,
                   secret_bytes.hex().encode(), base64.b64encode(secret_bytes), b"PRIVATE KEY"):
        assert secret not in data


def test_the_private_key_file_is_readable_by_its_owner_only(keys: Keys) -> None:
    # Given a key pair just generated
    private, public = keys
    # When the files are looked at
    mode = stat.S_IMODE(os.stat(private).st_mode)
    # Then the private key is mode 0600 and PEM, the public key PEM, and they match
    assert mode == 0o600
    assert private.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert public.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    assert signing.key_id(signing.load_private_key(private)) == signing.key_id(
        signing.load_public_key(public))


def test_generate_refuses_to_overwrite_either_file(keys: Keys, tmp_path: Path) -> None:
    # Given an existing key pair
    private, public = keys
    before = (private.read_bytes(), public.read_bytes())
    fresh = tmp_path / "fresh"
    # When a new pair is asked for over either file
    for target in ((private, fresh.with_suffix(".pub")), (fresh.with_suffix(".key"), public)):
        with pytest.raises(AlreadyExists):
            signing.generate(*target)
    # Then both files are as they were and no new file was written
    assert (private.read_bytes(), public.read_bytes()) == before
    assert not fresh.with_suffix(".key").exists() and not fresh.with_suffix(".pub").exists()


def test_a_key_file_of_the_wrong_kind_is_refused_clearly(keys: Keys, tmp_path: Path) -> None:
    # Given a missing file, a folder, a file of junk, an EC key, and the pair swapped
    private, public = keys
    junk = tmp_path / "junk.pem"
    junk.write_text("not a key")
    ec_key = tmp_path / "ec.pem"
    ec_key.write_bytes(ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    # When each is loaded
    # Then each is refused with a message naming the file and what is wrong
    cases: list[tuple[Callable[[Path], object], Path, str]] = [
        (signing.load_private_key, tmp_path / "missing.key", "does not exist"),
        (signing.load_private_key, tmp_path, "is a directory"),
        (signing.load_private_key, junk, "is not an unencrypted PEM private key"),
        (signing.load_private_key, ec_key, "not an Ed25519 private key"),
        (signing.load_private_key, public, "is not an unencrypted PEM private key"),
        (signing.load_public_key, private, "that is a private key"),
        (signing.load_public_key, junk, "is not a PEM public key"),
    ]
    for load, path, message in cases:
        with pytest.raises(InvalidInput) as refused:
            load(path)
        assert str(path) in str(refused.value) and message in str(refused.value)


# ---------------------------------------------------------------------------- the CLI


def test_lsp_keys_generate_writes_a_pair_and_refuses_to_overwrite(tmp_path: Path) -> None:
    # Given no key files yet
    private, public = tmp_path / "s.key", tmp_path / "s.pub"
    store = str(tmp_path / "none.sqlite")
    # When a pair is generated with --json, then again over the same files
    made = lsp(store, "keys", "generate", str(private), str(public), "--json")
    written = private.read_bytes()
    again = lsp(store, "keys", "generate", str(private), str(public))
    # Then the first answers the paths and the key id (exit 0), the second is refused
    # (exit 1, stderr only) and the key is unchanged; no ledger is needed nor created
    assert made.exit_code == 0 and made.stderr == ""
    doc = json.loads(made.stdout)
    assert doc == {"private_key": str(private), "public_key": str(public),
                   "key_id": signing.key_id(signing.load_public_key(public))}
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o600
    assert again.exit_code == 1 and again.stdout == ""
    assert again.stderr.startswith(f"Error: {private} exists already")
    assert private.read_bytes() == written
    assert not Path(store).exists()


def test_lsp_seal_key_and_verify_public_key_exit_0_then_3_when_forged(
        keys: Keys, store: str) -> None:
    # Given a ledger with events and no seal
    private, public = keys
    build_daventry(store, seal=False).close()
    # When it is sealed with --key and verified with --public-key --require-signed
    sealed = lsp(store, "seal", "--key", str(private), "--json")
    verified = lsp(store, "verify", "--public-key", str(public), "--require-signed")
    # Then both exit 0, the seal names the key, and nothing is on stderr
    assert sealed.exit_code == 0 and sealed.stderr == ""
    doc = json.loads(sealed.stdout)
    assert doc["key_id"] == signing.key_id(signing.load_public_key(public))
    assert len(doc["signature"]) == 128
    assert verified.exit_code == 0 and verified.stderr == ""
    assert verified.stdout.startswith("OK: ")
    assert "every seal is signed" in verified.stdout
    # And when an attacker changes the signature, verify exits 3 naming the seal
    rewrite_seal(store, doc["position"],
                 lambda fields: fields.update(signature=flip(fields["signature"])))
    failed = lsp(store, "verify", "--public-key", str(public))
    failed_json = lsp(store, "verify", "--public-key", str(public), "--json")
    assert failed.exit_code == 3 and failed.stdout == ""
    assert failed.stderr.startswith(f"Error: integrity failure at position "
                                    f"{doc['position']}: ")
    assert failed_json.exit_code == 3
    assert json.loads(failed_json.stdout)["position"] == doc["position"]
    # while without the key the (recomputed) seal still passes
    assert lsp(store, "verify").exit_code == 0


def test_lsp_verify_require_signed_exits_3_on_an_unsigned_seal(store: str) -> None:
    # Given a ledger sealed without a key
    build_daventry(store).close()
    first = seals_in(store)[0][0]
    # When it is verified with --require-signed
    done = lsp(store, "verify", "--require-signed")
    # Then it exits 3 naming the first unsigned seal, on stderr only
    assert done.exit_code == 3 and done.stdout == ""
    assert done.stderr.startswith(f"Error: integrity failure at position {first}: the seal "
                                  f"at position {first} is not signed")


def test_lsp_refuses_a_bad_key_file_with_exit_1_and_records_nothing(
        keys: Keys, store: str, tmp_path: Path) -> None:
    # Given a ledger with events and no seal
    private, public = keys
    build_daventry(store, seal=False).close()
    before = rows(store)
    # When it is sealed with the public key, or with a missing file, or verified with
    # the private key
    wrong = lsp(store, "seal", "--key", str(public))
    missing = lsp(store, "seal", "--key", str(tmp_path / "nope.key"), "--json")
    swapped = lsp(store, "verify", "--public-key", str(private))
    # Then each exits 1 with the reason on stderr, and nothing is recorded
    assert wrong.exit_code == 1 and wrong.stdout == ""
    assert "is not an unencrypted PEM private key" in wrong.stderr
    assert missing.exit_code == 1
    assert json.loads(missing.stdout)["error"] == "InvalidInput"
    assert "does not exist" in missing.stderr
    assert swapped.exit_code == 1 and "that is a private key" in swapped.stderr
    assert rows(store) == before


def test_lsp_seal_key_signs_the_automatic_seal_after_a_write(keys: Keys, store: str) -> None:
    # Given a key pair, and LSP_SEAL_KEY naming its private key, sealing on (the default)
    private, public = keys
    env: dict[str, str | None] = {"LSP_SEAL": None, "LSP_SEAL_KEY": str(private)}
    # When a ledger is created and an organisation added
    created = lsp(store, "init", "Daventry", "--terms", DAVENTRY, "--on", "2026-04-01",
                  env=env)
    added = lsp(store, "org", "add", "nene-ccg", "--name", "CCG", "--json", env=env)
    # Then each write was sealed, every seal is signed by that key, and verify agrees
    assert created.exit_code == 0 and added.exit_code == 0, created.stderr + added.stderr
    assert json.loads(added.stdout)["seal"]["tree_size"] == 4
    found = seals_in(store)
    assert len(found) == 2
    assert {s["key_id"] for _, s in found} == {signing.key_id(
        signing.load_public_key(public))}
    assert report(store, [public], require_signed=True).ok


def test_without_lsp_seal_key_the_automatic_seal_is_unsigned(store: str) -> None:
    # Given sealing on and no LSP_SEAL_KEY
    env: dict[str, str | None] = {"LSP_SEAL": None, "LSP_SEAL_KEY": None}
    # When a ledger is created
    lsp(store, "init", "Daventry", "--terms", DAVENTRY, "--on", "2026-04-01", env=env)
    # Then its seal is not signed
    ledger = Ledger(store, "auditor")
    latest = sealing.latest_seal(ledger)
    ledger.close()
    assert latest is not None and latest.key_id is None and latest.signature is None


def test_a_bad_lsp_seal_key_refuses_the_command_before_it_writes(
        keys: Keys, store: str, tmp_path: Path) -> None:
    # Given a ledger, and LSP_SEAL_KEY naming a file that is not a private key
    lsp(store, "init", "Daventry", "--terms", DAVENTRY, "--on", "2026-04-01",
        env={"LSP_SEAL": None, "LSP_SEAL_KEY": None})
    before = rows(store)
    junk = tmp_path / "junk.pem"
    junk.write_text("not a key\n", encoding="utf-8")
    # When a write is attempted with it
    result = lsp(store, "org", "add", "nene-ccg", "--name", "CCG",
                 env={"LSP_SEAL": None, "LSP_SEAL_KEY": str(junk)})
    # Then exit 1 naming the file, and nothing at all is recorded (not the write either)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert str(junk) in result.stderr
    assert rows(store) == before
