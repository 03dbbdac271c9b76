"""An independent reader of docs/feed-format.md's coded set, written from
the document alone: the service's feed must be readable by it.

Usage: feed_set.py FEED_FILE TOKENS_TSV  -> checks every token is in the set
and prints "N of N tokens in a set of M prefixes (K bits)".
"""
import sys


def decode(data: bytes):
    assert data[:4] == b"LWFS", "magic"
    assert data[4] == 1, "version"
    k, p = data[5], data[6]
    pos, count, shift = 7, 0, 0
    while True:
        byte = data[pos]
        pos += 1
        count |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    bits = "".join(f"{b:08b}" for b in data[pos:])
    i, prefixes, previous = 0, [], None
    for n in range(count):
        q = 0
        while bits[i] == "1":
            q += 1
            i += 1
        i += 1
        gap = (q << p) | (int(bits[i:i + p], 2) if p else 0)
        i += p
        value = gap if previous is None else previous + 1 + gap
        prefixes.append(value)
        previous = value
    assert set(bits[i:]) <= {"0"} and len(bits) - i < 8, "padding"
    assert all(v < (1 << k) for v in prefixes)
    return k, prefixes


def prefix_of(token_hex: str, k: int) -> int:
    return int(token_hex[:16], 16) >> (64 - k)


if __name__ == "__main__":
    k, prefixes = decode(open(sys.argv[1], "rb").read())
    members = set(prefixes)
    tokens = [line.split("\t")[0] for line in open(sys.argv[2]) if "\t" in line]
    found = sum(prefix_of(t, k) in members for t in tokens)
    print(f"{found} of {len(tokens)} tokens in a set of {len(prefixes)} prefixes ({k} bits)")
    sys.exit(0 if found == len(tokens) else 1)
