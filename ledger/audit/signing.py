"""Signed seals: Ed25519 keys, and the signature of a seal (docs/audit.md, "Signed seals").

Anyone who can write the SQLite file can recompute every seal; nobody can sign one without
the private key, which never enters the store: the ledger holds only a seal's `signature`
and the `key_id` of the key that made it. Keys live in PEM files (`lsp keys generate`).

What is signed, the *canonical bytes* of a seal, is deliberately small, so an auditor can
check a signature with any Ed25519 tool (OpenSSL, PyNaCl, `cryptography`):

    UTF-8 of  f"{format}\\n{tree_size}\\n{root}\\n"

that is the seal's `format` (`rfc6962-sha256/v1`), its `tree_size` in decimal and its
`root` in lowercase hex, each followed by one line feed. The signature is the 64-byte
Ed25519 signature of those bytes, stored as 128 lowercase hex digits. A key's id is the
first 16 hex digits of SHA-256 of its raw 32-byte public key.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from ledger.errors import AlreadyExists, InvalidInput

KEY_ID_LENGTH = 16
"""Hex digits of SHA-256 of the raw public key that make its id."""

SIGNATURE_LENGTH = 128
"""Hex digits of an Ed25519 signature (64 bytes)."""


def canonical_bytes(format: str, tree_size: int, root: str) -> bytes:
    """What a seal's signature signs: UTF-8 of `format`, `tree_size`, `root`, one per line,
    each line ending in a line feed."""
    return f"{format}\n{tree_size}\n{root}\n".encode()


def raw_public(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key (RFC 8032)."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """The id of a key pair: the first 16 hex digits of SHA-256 of the raw public key."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return hashlib.sha256(raw_public(public)).hexdigest()[:KEY_ID_LENGTH]


def sign(key: Ed25519PrivateKey, format: str, tree_size: int, root: str) -> str:
    """The signature (hex) of a seal's canonical bytes."""
    return key.sign(canonical_bytes(format, tree_size, root)).hex()


def signature_ok(key: Ed25519PublicKey, signature: str, format: str, tree_size: int,
                 root: str) -> bool:
    """Whether `signature` (hex) is `key`'s signature of the seal's canonical bytes."""
    if len(signature) != SIGNATURE_LENGTH:
        return False
    try:
        key.verify(bytes.fromhex(signature), canonical_bytes(format, tree_size, root))
    except (ValueError, InvalidSignature):
        return False
    return True


# ---------------------------------------------------------------------------- files


@dataclass(frozen=True)
class KeyPair:
    """A key pair written by `generate`: where, and the id of its public key."""

    private_file: str
    public_file: str
    key_id: str

    def as_dict(self) -> dict[str, str]:
        return {"private_key": self.private_file, "public_key": self.public_file,
                "key_id": self.key_id}


def generate(private_file: str | Path, public_file: str | Path) -> KeyPair:
    """Write a new key pair: the private key as PKCS#8 PEM readable by its owner only
    (mode 0600), the public key as SubjectPublicKeyInfo PEM. Refuses (`AlreadyExists`) to
    overwrite either file; writes nothing then."""
    private_path, public_path = Path(private_file), Path(public_file)
    if private_path.resolve() == public_path.resolve():
        raise InvalidInput("give two different files for the private and the public key")
    for path in (private_path, public_path):
        if path.exists() or path.is_symlink():
            raise AlreadyExists(f"{path} exists already: keys are never overwritten")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(serialization.Encoding.PEM,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    try:
        # O_EXCL: never follow a file created meanwhile; 0600 from the start, not after.
        fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise AlreadyExists(f"{private_path} exists already: keys are never overwritten"
                            ) from None
    except OSError as e:
        raise InvalidInput(f"cannot write {private_path}: {e.strerror}") from None
    with os.fdopen(fd, "wb") as f:
        f.write(private_pem)
    os.chmod(private_path, 0o600)  # whatever the umask
    try:
        with open(public_path, "xb") as f:
            f.write(public_pem)
    except OSError as e:
        private_path.unlink()
        if isinstance(e, FileExistsError):
            raise AlreadyExists(f"{public_path} exists already: keys are never overwritten"
                                ) from None
        raise InvalidInput(f"cannot write {public_path}: {e.strerror}") from None
    return KeyPair(str(private_path), str(public_path), key_id(key))


def _read(path: str | Path, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{what} file {path} does not exist") from None
    except IsADirectoryError:
        raise InvalidInput(f"{what} file {path} is a directory, not a PEM file") from None
    except OSError as e:
        raise InvalidInput(f"{what} file {path} cannot be read: {e.strerror}") from None


def load_private_key(path: str | Path) -> Ed25519PrivateKey:
    """The Ed25519 private key in a PEM file (`InvalidInput` when it is not one)."""
    data = _read(path, "the private key")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise InvalidInput(f"{path} is not an unencrypted PEM private key (make one with "
                           "`lsp keys generate`)") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput(f"{path} holds a {type(key).__name__.lstrip('_')}, not an "
                           "Ed25519 private key")
    return key


def load_public_key(path: str | Path) -> Ed25519PublicKey:
    """The Ed25519 public key in a PEM file (`InvalidInput` when it is not one)."""
    data = _read(path, "the public key")
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        hint = (" (that is a private key: give the public one)"
                if b"PRIVATE KEY" in data else "")
        raise InvalidInput(f"{path} is not a PEM public key{hint}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput(f"{path} holds a {type(key).__name__.lstrip('_')}, not an "
                           "Ed25519 public key")
    return key
