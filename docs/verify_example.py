"""Check the seals of an `lsp export` with nothing but Python's standard library.

    python3 docs/verify_example.py ledger.jsonl

Each line of the export is one stored event, in the ledger's order: {"position",
"originator_id", "originator_version", "topic", "state" (base64 of the stored bytes)}.
The leaf input of an event is the JSON of those fields but "position", keys sorted, no
spaces, in UTF-8; the tree is RFC 6962 section 2.1 with SHA-256 (CONTRACT.md, "The export
format and the seals"). Prints the size and root of the tree of all the events, then for
each seal (topic containing "Seal", state JSON with "tree_size" and "root") whether its root
is that of the first tree_size events. Exit 0 if every seal matches, else 3.
"""

import base64
import hashlib
import json
import sys


def leaf_input(event):
    fields = {k: event[k] for k in ("originator_id", "originator_version", "topic", "state")}
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")


def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()  # RFC 6962 2.1: 0x00 before a leaf


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()  # and 0x01 before a node


def mth(leaves):
    """Merkle Tree Hash of a list of leaf hashes (RFC 6962 section 2.1)."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):  # k: the largest power of two smaller than n
        k *= 2
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def seal_of(event):
    """A seal's state as a dict, or None if it is not JSON with tree_size and root."""
    try:
        state = json.loads(base64.b64decode(event["state"], validate=True))
    except ValueError:
        return None
    return state if isinstance(state, dict) and {"tree_size", "root"} <= state.keys() else None


def main(path):
    with open(path, encoding="utf-8") as export:
        events = [json.loads(line) for line in export if line.strip()]
    leaves = [leaf_hash(leaf_input(event)) for event in events]
    print(f"tree_size {len(leaves)}")
    print(f"root {mth(leaves).hex()}")
    all_match = True
    for index, event in enumerate(events):
        if "Seal" not in event["topic"]:
            continue
        seal = seal_of(event)
        if seal is None:
            ok, verdict = False, "UNREADABLE: state is not JSON with tree_size and root"
        else:  # a seal covers only events before it: the `index` lines above it
            size, claimed = seal["tree_size"], seal["root"]
            ok = type(size) is int and 0 <= size <= index and mth(leaves[:size]).hex() == claimed
            verdict = f"tree_size {size} root {claimed} {'matches' if ok else 'DOES NOT MATCH'}"
        all_match = all_match and ok
        print(f"seal at position {event['position']}: {verdict}")
    return 0 if all_match else 3


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python3 verify_example.py EXPORT.jsonl", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
