"""The audit: Merkle trees, seals, signing, verification, proofs, export and import:
services over a `Ledger`."""
