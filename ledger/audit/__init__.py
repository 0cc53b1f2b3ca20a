"""The audit: Merkle trees, seals, signing, verification, proofs, export and import:
services over a `Ledger` (they import `ledger.app`; it never imports them).

    merkle.py         RFC 6962 and nothing else (hashlib only)
    seal.py           the Seal aggregate: one stream of checkpoints
    signing.py        Ed25519 keys and seal signatures
    stored.py         the stored log as these read it: events in order, leaf hashes,
                      the export line, decoding
    sealing.py        `lsp seal`, the seal after every write, `latest_seal`
    checkpoint.py     `lsp checkpoint`: a seal as a C2SP checkpoint, saved in a folder
    verify.py         `lsp verify`: the walk over every event and seal, guards, storage
    verify_report.py  what verify found, and what it could not rule out
    extending.py      `lsp verify --checkpoint`: consistency proofs to each checkpoint
    proofs.py         `lsp prove`: inclusion and consistency proofs, and checking one
    guards.py         the Guards aggregate: each repair of the append-only guards
    repairing.py      `lsp store repair-guards`
    export.py         `lsp export`
    export_reader.py  an export checked line by line, seals included
    importing.py      `lsp import`: all or nothing, or in resumable batches

A failed check raises `ledger.errors.IntegrityFailure` (exit code 3 at the command line).
"""
