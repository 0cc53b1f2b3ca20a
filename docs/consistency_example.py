"""Check a consistency proof of `lsp prove --consistency` with nothing but the standard library.

    python3 docs/consistency_example.py PROOF.json [CHECKPOINT]

PROOF.json is what `lsp prove --consistency OLD_SIZE --json` prints: {"old_size",
"new_size", "old_root", "new_root" (hex), "proof" (a list of hex hashes)}. The proof
shows that the Merkle tree of the first new_size events (RFC 6962 section 2.1, SHA-256)
extends the tree of the first old_size: both roots are recomputed from the proof by the
algorithm of RFC 9162 section 2.1.4.2, step by step below. CHECKPOINT, if given, is a
checkpoint you kept (`lsp checkpoint`: an origin line, the tree size, the base64 root,
then any signature lines): its size and root must be the proof's old ones, so the ledger
the proof comes from extends the checkpoint you hold. Compare new_root with the ledger's
latest seal, or a newer checkpoint. Prints the verdict; exit 0 if the proof holds, else 3.
"""

import base64
import hashlib
import json
import sys


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()  # RFC 6962 2.1: 0x01 before a node


def verify_consistency(first, second, first_hash, second_hash, path):
    """RFC 9162 section 2.1.4.2: does `path` prove tree `second` extends tree `first`?"""
    if first == second:
        return not path and first_hash == second_hash
    if first == 0:  # the empty tree: only its one root, SHA-256 of nothing
        return not path and first_hash == hashlib.sha256(b"").digest()
    if not 0 < first < second or not path:  # step 1: an empty path proves nothing
        return False
    path = list(path)
    if first & (first - 1) == 0:  # step 2: first is a power of 2: its root starts the path
        path.insert(0, first_hash)
    fn, sn = first - 1, second - 1  # step 3
    while fn & 1:  # step 4: right-shift both while the low bit of fn is set
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]  # step 5
    for c in path[1:]:  # step 6
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_hash and sr == second_hash and sn == 0  # step 7


def kept_checkpoint(path):
    """(tree size, root) of a checkpoint text: its second and third lines."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    return int(lines[1]), base64.b64decode(lines[2], validate=True)


def main(proof_file, checkpoint_file=None):
    with open(proof_file, encoding="utf-8") as f:
        proof = json.load(f)
    first, second = proof["old_size"], proof["new_size"]
    first_hash, second_hash = bytes.fromhex(proof["old_root"]), bytes.fromhex(proof["new_root"])
    path = [bytes.fromhex(h) for h in proof["proof"]]
    ok = verify_consistency(first, second, first_hash, second_hash, path)
    print(f"tree_size {second} root {proof['new_root']} "
          f"{'extends' if ok else 'DOES NOT EXTEND'} tree_size {first} root {proof['old_root']}")
    if checkpoint_file is not None:
        size, root = kept_checkpoint(checkpoint_file)
        same = (size, root) == (first, first_hash)
        print(f"checkpoint {checkpoint_file}: tree_size {size} root {root.hex()} "
              f"{'is' if same else 'IS NOT'} the proof's old tree")
        ok = ok and same
    return 0 if ok else 3


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        print("usage: python3 consistency_example.py PROOF.json [CHECKPOINT]", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
