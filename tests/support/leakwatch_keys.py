#!/usr/bin/env python3
"""The operator's derived keys as docs/corpus.md ("Keys") defines them,
written again from the document alone: tests use it to match log lines'
`ref` to URLs, to open seals, and so to check that the C++ follows the
documented derivation.

    python3 leakwatch_keys.py ref KEYFILE URL     the `ref` crawl logs give URL
    python3 leakwatch_keys.py unseal KEYFILE CONTEXT SEALED
"""
import base64
import hashlib
import hmac
import sys

SALT = b"leakwatch-kdf-v1"


def secret_key(key_file):
    magic, hex_key = open(key_file).read().split()
    assert magic == "leakwatch-key-v1"
    return bytes.fromhex(hex_key)


def hkdf_sha256(ikm, salt, info, length=32):
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([i]), hashlib.sha256).digest()
        out += block
        i += 1
    return out[:length]


def purpose_key(key_file, purpose):
    return hkdf_sha256(secret_key(key_file), SALT, ("leakwatch-%s-v1" % purpose).encode())


def url_name(key_file, purpose, url):
    inner = hashlib.blake2b(url.encode(), digest_size=16).digest()
    return hashlib.blake2b(purpose.encode() + b"\0" + inner, digest_size=16,
                           key=purpose_key(key_file, "state")).hexdigest()


def ref(key_file, url):
    return url_name(key_file, "log", url)[:12]


def unseal(key_file, context, sealed):
    """XChaCha20-Poly1305 needs libsodium: through ctypes, as Python has none."""
    import ctypes
    import ctypes.util
    sodium = ctypes.CDLL(ctypes.util.find_library("sodium") or "libsodium.so.23")
    box = base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4))
    nonce, cipher = box[:24], box[24:]
    out = ctypes.create_string_buffer(len(cipher))
    out_len = ctypes.c_ulonglong()
    key = purpose_key(key_file, "seal")
    if sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
            out, ctypes.byref(out_len), None, cipher, ctypes.c_ulonglong(len(cipher)),
            context.encode(), ctypes.c_ulonglong(len(context.encode())), nonce, key) != 0:
        return None
    return out.raw[:out_len.value].decode()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "ref":
        print(ref(sys.argv[2], sys.argv[3]))
    elif len(sys.argv) == 5 and sys.argv[1] == "unseal":
        opened = unseal(sys.argv[2], sys.argv[3], sys.argv[4])
        if opened is None:
            sys.exit("does not open")
        print(opened)
    else:
        sys.exit(__doc__)
