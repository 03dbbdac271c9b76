#!/usr/bin/env python3
"""cleartext_scan: look for planted identifiers in what leakwatch wrote.

leakwatch promises that nothing it writes holds an identifier in clear, or
anything from which one is cheaply recovered (an encoding, a plain digest).
Glass compresses document data and term lists with zlib, so grepping the
database files proves nothing; this tool reads each corpus through Xapian's
API and searches every term, document data, value, termlist, position list,
metadata key and value, spelling word and synonym, plus any files or folders
(logs, state, temp files; gzip and zlib streams inflated).

Usage:
  cleartext_scan.py --secrets SECRETS.json [--db DIR]... [--path FILE_OR_DIR]...
                    [--list-forms] [--max-inflate MIB]

SECRETS.json: {"identities": [{"value": "...", "kind": "email"}, ...],
               "contents": ["exact item content", ...]}
("kind" is optional: email, phone, nir, cf, iban, card, name, date.)

Exit status: 0 no hit, 1 at least one hit, 2 usage error (bad secrets file,
a --db that is not a glass database directory, a missing --path) or a scan
that could not be completed (then a clean result could not be vouched for).

Output: one `HIT <where> <form description>` line per hit on stdout, then
`cleartext_scan: N forms, M places searched, K hits` on stderr. Neither the
secrets nor the matching bytes are ever printed: descriptions name the
identity by its index and kind, and a path or name that itself contains a
form is printed as "[redacted ...]".

Only the Python standard library and Debian 12's python3-xapian are used.
"""

import argparse
import base64
import bisect
import hashlib
import itertools
import json
import os
import re
import stat
import sys
import unicodedata
import urllib.parse
import zlib

KINDS = ("email", "phone", "nir", "cf", "iban", "card", "name", "date")

MIN_FORM = 6  # shorter forms match too much unrelated text
MIN_DIGITS = 8  # a digits-only form needs this many digits to mean anything
MIN_B64_INNER = 8  # a shorter inner base64 run is noise

CHUNK = 8 << 20  # file read size; keeps memory flat on large logs
BATCH = 8 << 20  # bytes of small blobs joined per prefilter pass
MAX_NESTED = 3  # gzip inside gzip inside gzip is plenty


def import_xapian():
    """Import xapian, also from Debian's dist-packages.

    python3-xapian installs into /usr/lib/python3/dist-packages, which a
    pyenv or venv interpreter does not see; its extension module is tagged
    cpython-311, so it only loads into a matching interpreter anyway.
    """
    try:
        import xapian  # noqa: F401
    except ImportError:
        sys.path.append("/usr/lib/python3/dist-packages")
        try:
            import xapian  # noqa: F401
        except ImportError:
            return None
        finally:
            sys.path.remove("/usr/lib/python3/dist-packages")
    import xapian
    return xapian


class UsageError(Exception):
    """Bad arguments or inputs: exit 2 before any scanning."""


# ---------------------------------------------------------------- forms


def to_bytes(s):
    """UTF-8, but keep raw bytes that came in as surrogate escapes."""
    if isinstance(s, bytes):
        return s
    try:
        return s.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogatepass")


def b64_inner(data, offset, urlsafe):
    """The base64 characters of `data` that stay the same whatever precedes
    it (at `offset` mod 3 in a longer string) and whatever follows it.

    Base64 char i encodes input bits [6i, 6i+6). With `offset` filler bytes
    in front, the value occupies bits [8*offset, 8*(offset+len)); only chars
    lying wholly inside that range are stable, so those are what to search.
    """
    enc = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(
        b"\0" * offset + data)
    start = -(-8 * offset // 6)  # ceil
    end = 8 * (offset + len(data)) // 6  # floor
    return enc[start:end]


def fold_accents(s):
    """"Hélène" -> "Helene": indexers often normalise names this way."""
    return "".join(c for c in unicodedata.normalize("NFKD", s)
                   if not unicodedata.combining(c))


def phone_national(value):
    """National forms of a +33/0033 or +39/0039 number.

    France drops the country code and puts back the trunk 0; Italy keeps
    the number as is (landlines keep their leading 0, mobiles have none).
    Returns [(description, form)].
    """
    v = value.strip()
    digits = re.sub(r"\D", "", v)
    out = []
    for cc, trunk in (("33", "0"), ("39", "")):
        for prefix in ("+" + cc, "00" + cc):
            if v.startswith(prefix):
                rest_written = v[len(prefix):].lstrip(" .-")
                rest_digits = digits[len(prefix.lstrip("+")):]
                out.append(("national", trunk + rest_written))
                out.append(("national digits", trunk + rest_digits))
                out.append(("international +CC digits", "+" + cc + rest_digits))
                out.append(("international 00CC digits", "00" + cc + rest_digits))
    return out


def date_forms(value):
    """Usual renderings of a YYYY-MM-DD date."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{2})-(\d{2})\s*", value)
    if not m:
        return []
    y, mo, d = m.groups()
    return [
        ("date DD/MM/YYYY", f"{d}/{mo}/{y}"),
        ("date DD-MM-YYYY", f"{d}-{mo}-{y}"),
        ("date DD.MM.YYYY", f"{d}.{mo}.{y}"),
        ("date YYYYMMDD", f"{y}{mo}{d}"),
        ("date DDMMYYYY", f"{d}{mo}{y}"),
        ("date YYYY/MM/DD", f"{y}/{mo}/{d}"),
        ("date D/M/YYYY", f"{int(d)}/{int(mo)}/{y}"),
    ]


def identity_forms(value, kind):
    """All forms of one identity, as [(description, bytes)], deduplicated
    and with noise-prone short forms removed."""
    raw = []  # (description, str or bytes), in priority order

    def add(desc, form):
        raw.append((desc, form))

    # Case variants, and for names the variants indexers normalise to.
    cases = [("as written", value), ("lowercase", value.lower()),
             ("uppercase", value.upper())]
    if kind in (None, "name"):
        folded = fold_accents(value)
        if folded != value:
            cases += [("accent-folded", folded),
                      ("accent-folded lowercase", folded.lower()),
                      ("accent-folded uppercase", folded.upper())]
        nfd = unicodedata.normalize("NFD", value)
        if nfd != value:
            cases.append(("NFD", nfd))
    if kind == "name":
        tokens = value.split()
        if 2 <= len(tokens) <= 3:
            # "Dupont Jean-Pierre" is as likely stored "Jean-Pierre Dupont".
            for perm in itertools.permutations(tokens):
                if list(perm) != tokens:
                    s = " ".join(perm)
                    cases += [("reordered", s), ("reordered lowercase", s.lower()),
                              ("reordered uppercase", s.upper())]
    if kind == "phone" or (kind is None and re.match(r"\s*(\+|00)(33|39)", value)):
        cases += phone_national(value)
    if kind == "date":
        cases += date_forms(value)

    for desc, s in cases:
        add(desc, s)

    # Percent-encoding, as a URL or form field would carry the value
    # (cases[:2] is the value as written and lowercased).
    for desc, s in cases[:2]:
        q = "" if desc == "as written" else f" of {desc}"
        pe = urllib.parse.quote(s, safe="")
        add(f"percent-encoded (safe=''){q}", pe)
        add(f"percent-encoded (safe='/'){q}", urllib.parse.quote(s))
        add(f"quote_plus{q}", urllib.parse.quote_plus(s))
        # Some encoders emit lowercase hex digits (%c3%a9).
        add(f"percent-encoded lowercase hex{q}",
            re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), pe))

    # Separators replacing spaces: file names, slugs, identifiers.
    for desc, s in cases:
        if " " in s:
            for sep, name in (("+", "'+'"), ("_", "'_'"), ("-", "'-'"),
                              (".", "'.'"), ("", "nothing")):
                add(f"spaces replaced by {name} ({desc})", s.replace(" ", sep))

    # Base64: whole-value encodings, then the three alignments inside a
    # longer encoded string.
    for desc, s in cases[:2]:
        b = to_bytes(s)
        for urlsafe, alpha in ((False, "standard"), (True, "URL-safe")):
            enc = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(b)
            add(f"base64 {alpha} padded ({desc})", enc)
            add(f"base64 {alpha} unpadded ({desc})", enc.rstrip(b"="))
            for off in range(3):
                inner = b64_inner(b, off, urlsafe)
                if len(inner) >= MIN_B64_INNER:
                    add(f"base64 {alpha} inner at offset {off} ({desc})", inner)

    # Digits only: numbers are stored stripped of their punctuation.
    digits = re.sub(r"\D", "", value)
    if len(digits) >= MIN_DIGITS:
        add("digits only", digits)
        if kind == "nir" and len(digits) == 15:
            add("NIR digits without key", digits[:13])

    # Hex of the UTF-8 bytes.
    hx = to_bytes(value).hex()
    add("hex lowercase", hx)
    add("hex uppercase", hx.upper())

    return dedupe(raw)


def content_forms(content):
    """Plain digests of an item content (raw, hex, HEX), and the content."""
    data = to_bytes(content)
    raw = []
    digests = [
        ("md5", hashlib.md5(data)),
        ("sha1", hashlib.sha1(data)),
        ("sha256", hashlib.sha256(data)),
        ("sha512", hashlib.sha512(data)),
        ("blake2b", hashlib.blake2b(data)),
        ("blake2s", hashlib.blake2s(data)),
        ("blake2b-16", hashlib.blake2b(data, digest_size=16)),
        ("blake2b-32", hashlib.blake2b(data, digest_size=32)),
    ]
    for name, h in digests:
        raw.append((f"{name} raw", h.digest()))
        raw.append((f"{name} hex", h.hexdigest()))
        raw.append((f"{name} HEX", h.hexdigest().upper()))
    raw.append(("content as written", data))
    return dedupe(raw)


def dedupe(raw):
    """Keep the first description of each distinct byte string; drop forms
    too short to be specific (and digits-only forms under MIN_DIGITS)."""
    seen = set()
    out = []
    for desc, form in raw:
        b = to_bytes(form)
        if b in seen or len(b) < MIN_FORM:
            continue
        if b.isdigit() and len(b) < MIN_DIGITS:
            continue
        seen.add(b)
        out.append((desc, b))
    return out


def load_secrets(path):
    """Read SECRETS.json; error messages never quote a secret."""
    try:
        with open(path, "rb") as f:
            doc = json.loads(f.read().decode("utf-8"))
    except OSError as e:
        raise UsageError(f"cannot read secrets file: {e.strerror}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UsageError("secrets file is not valid UTF-8 JSON")
    if not isinstance(doc, dict):
        raise UsageError("secrets file must hold a JSON object")
    identities = doc.get("identities", [])
    contents = doc.get("contents", [])
    if not isinstance(identities, list) or not isinstance(contents, list):
        raise UsageError('"identities" and "contents" must be lists')
    out_ids = []
    for i, ident in enumerate(identities, 1):
        if not isinstance(ident, dict) or not isinstance(ident.get("value"), str):
            raise UsageError(f'identity {i}: needs a string "value"')
        kind = ident.get("kind")
        if kind is not None and kind not in KINDS:
            raise UsageError(f"identity {i}: unknown kind (want one of {', '.join(KINDS)})")
        out_ids.append((ident["value"], kind))
    for i, c in enumerate(contents, 1):
        if not isinstance(c, str):
            raise UsageError(f"content {i}: must be a string")
    return out_ids, contents


# ---------------------------------------------------------------- matcher


def trie_pattern(forms):
    """One regex matching any of `forms` (bytes), built as a byte trie.

    A flat alternation of hundreds of literals makes Python's backtracking
    engine try every alternative at every position; a trie tries one branch
    per byte. Every match is a whole form, but the regex is used to flag
    places, not to list forms: a subtree under a node where a form ends is
    cut (the shorter form alone flags the place), and the exact per-form
    check on flagged places comes after.
    """
    END = -1
    root = {}
    for f in forms:
        node = root
        for byte in f:
            if END in node:
                break
            node = node.setdefault(byte, {})
        else:
            node.clear()
            node[END] = True

    def lit(byte):
        return re.escape(bytes([byte]))

    def build(node):
        parts = []
        # Follow single-child chains without recursion: forms are long.
        while True:
            if END in node:
                return b"".join(parts)
            if len(node) == 1:
                (byte, child), = node.items()
                parts.append(lit(byte))
                node = child
                continue
            leaves = sorted(b for b, c in node.items() if END in c)
            branches = [lit(b) + build(c) for b, c in sorted(node.items())
                        if END not in c]
            if len(leaves) == 1:
                branches.append(lit(leaves[0]))
            elif leaves:
                branches.append(b"[" + b"".join(lit(b) for b in leaves) + b"]")
            parts.append(b"(?:" + b"|".join(branches) + b")")
            return b"".join(parts)

    if not root:
        return None
    return re.compile(build(root), re.DOTALL)


class Scanner:
    """Holds the forms, searches blobs in batches, and reports hits."""

    def __init__(self, owners_forms, out=None):
        # form bytes -> [(owner label, description)], one entry per owner
        self.forms = {}
        for owner, forms in owners_forms:
            for desc, b in forms:
                entries = self.forms.setdefault(b, [])
                if all(o != owner for o, _ in entries):
                    entries.append((owner, desc))
        self.form_list = sorted(self.forms, key=len, reverse=True)
        self.maxlen = max((len(f) for f in self.forms), default=1)
        self.pattern = trie_pattern(self.form_list)
        self.out = out or sys.stdout
        self.places = 0
        self.hits = 0
        self.reported = set()
        self.pending = []  # (label, blob) waiting for a batched search
        self.pending_bytes = 0
        self.truncated = []  # labels of streams cut short by --max-inflate

    # -- naming places without leaking

    def contains_form(self, data):
        """Exact, since every prefilter match is a whole form."""
        return self.pattern is not None and self.pattern.search(data) is not None

    def display(self, path):
        """A path as printable text, unless it holds a form itself."""
        b = os.fsencode(path)
        if self.contains_form(b):
            return "[redacted: this path contains a searched form]"
        return os.fsdecode(b).encode("utf-8", "backslashreplace").decode("utf-8")

    # -- searching

    def add(self, label, blob):
        """Queue one place; small blobs are searched in joined batches."""
        self.places += 1
        if self.pattern is None or not blob:
            return
        self.pending.append((label, blob))
        self.pending_bytes += len(blob) + 1
        if self.pending_bytes >= BATCH:
            self.flush()

    def flush(self):
        """Prefilter the joined batch, then check flagged blobs exactly.

        A prefilter match may straddle two blobs (the join has no separator
        that no form can contain: raw digests hold any byte), so every blob a
        match overlaps is flagged; the exact check is per blob, so a match
        across a boundary never becomes a hit.
        """
        batch, self.pending, self.pending_bytes = self.pending, [], 0
        if not batch:
            return
        starts = []
        pos = 0
        for _, blob in batch:
            starts.append(pos)
            pos += len(blob) + 1
        joined = b"\n".join(blob for _, blob in batch)
        flagged = set()
        for m in self.pattern.finditer(joined):
            first = bisect.bisect_right(starts, m.start()) - 1
            last = bisect.bisect_right(starts, m.end() - 1) - 1  # forms are non-empty
            flagged.update(range(first, last + 1))
        for i in sorted(flagged):
            label, blob = batch[i]
            for form in self.exact(blob):
                self.report(label, form)

    def exact(self, blob):
        """Every form in one place (rare: only flagged places get here)."""
        return [f for f in self.form_list if f in blob]

    def report(self, label, form):
        key = (label, form)
        if key in self.reported:
            return
        self.reported.add(key)
        for owner, desc in self.forms[form]:
            self.hits += 1
            print(f"HIT {label} {owner}, form \"{desc}\"", file=self.out, flush=True)

    def stream(self, label):
        return StreamSearch(self, label)


class StreamSearch:
    """Searches a byte stream chunk by chunk, keeping an overlap so a form
    split across two chunks is still found."""

    def __init__(self, scanner, label):
        self.s = scanner
        self.label = label
        self.tail = b""
        self.s.places += 1

    def feed(self, data):
        if not data or self.s.pattern is None:
            return
        window = self.tail + data
        if self.s.pattern.search(window):
            for form in self.s.exact(window):
                self.s.report(self.label, form)
        keep = self.s.maxlen - 1
        self.tail = window[-keep:] if keep else b""


# ---------------------------------------------------------------- compressed streams


def gzip_magic(head):
    return head[:2] == b"\x1f\x8b"


def zlib_magic(head):
    """RFC 1950 header: deflate method, window <= 32K, check bits, no preset
    dictionary. About 1 in 2000 random starts pass, and a wrong guess fails
    within a few bytes, so trying is cheap."""
    if len(head) < 2:
        return False
    cmf, flg = head[0], head[1]
    return (cmf & 0x0F) == 8 and (cmf >> 4) <= 7 and ((cmf << 8) | flg) % 31 == 0 \
        and not flg & 0x20


class Inflater:
    """Decompresses a gzip (all members) or zlib stream fed in chunks,
    passing output to a sink, with a cap against decompression bombs."""

    def __init__(self, wbits, sink, budget):
        self.wbits = wbits
        self.d = zlib.decompressobj(wbits)
        self.sink = sink
        self.budget = budget  # shared one-element list: bytes left
        self.dead = False
        self.truncated = False

    def feed(self, data):
        while data and not self.dead:
            if self.budget[0] <= 0:
                # More output is wanted but the cap is spent.
                self.truncated = self.dead = True
                return
            try:
                # max_length bounds each output piece, so a bomb never
                # lands in memory whole; the rest waits in unconsumed_tail.
                out = self.d.decompress(data, min(CHUNK, self.budget[0]))
            except zlib.error:
                self.dead = True  # not (or no longer) a valid stream: stop
                return
            self.emit(out)
            if self.d.eof:
                rest = self.d.unused_data
                if self.wbits == 31 and gzip_magic(rest):
                    self.d = zlib.decompressobj(self.wbits)  # next member
                    data = rest
                    continue
                self.dead = True  # trailing garbage is not ours to read
                return
            data = self.d.unconsumed_tail

    def emit(self, out):
        if len(out) > self.budget[0]:
            out = out[:self.budget[0]]
            self.truncated = self.dead = True
        self.budget[0] -= len(out)
        if out:
            self.sink.feed(out)

    def close(self):
        if not self.dead:
            try:
                self.emit(self.d.flush())
            except zlib.error:
                pass
        self.sink.close()


class LayeredSearch:
    """Searches a stream and, when it starts like a gzip or zlib stream, its
    inflated content too (recursively, up to MAX_NESTED levels)."""

    def __init__(self, scanner, label, budget, depth=0):
        self.scanner = scanner
        self.label = label
        self.budget = budget
        self.depth = depth
        self.search = scanner.stream(label)
        self.head = b""
        self.decided = False
        self.inflater = None
        self.held = []

    def feed(self, data):
        if not self.decided:
            # Decide on the first two bytes; hold data until we have them.
            self.held.append(data)
            self.head += data[:2 - len(self.head)]
            if len(self.head) < 2:
                return
            self.decide()
            data = b"".join(self.held)
            self.held = []
        self.search.feed(data)
        if self.inflater:
            self.inflater.feed(data)

    def decide(self):
        self.decided = True
        if self.depth >= MAX_NESTED:
            return
        if gzip_magic(self.head):
            wbits, how = 31, "gunzipped"
        elif zlib_magic(self.head):
            wbits, how = 15, "zlib-inflated"
        else:
            return
        inner = LayeredSearch(self.scanner, f"{self.label} ({how})", self.budget,
                              self.depth + 1)
        self.inflater = Inflater(wbits, inner, self.budget)

    def close(self):
        if not self.decided:
            data = b"".join(self.held)
            self.decided = True
            self.search.feed(data)
        if self.inflater:
            self.inflater.close()
            if self.inflater.truncated:
                self.scanner.truncated.append(self.label)


# ---------------------------------------------------------------- targets


def check_glass_dir(path):
    """Refuse anything Xapian could open other than a glass directory.

    Database(path) on a plain file opens it as a stub database, and a
    folder holding XAPIANDB is a stub too; a stub can name a remote
    database, including a "remote :PROG ARGS" line that runs PROG. So only
    a real directory with an `iamglass` file and no XAPIANDB is accepted,
    and it is then opened with DB_BACKEND_GLASS, which never reads stubs.
    """
    if not os.path.lexists(path):
        raise UsageError(f"--db {path!r}: does not exist")
    real = os.path.realpath(path)
    if not os.path.isdir(real):
        raise UsageError(f"--db {path!r}: not a directory (a file would be read "
                         "as a Xapian stub database); refusing")
    if os.path.lexists(os.path.join(real, "XAPIANDB")):
        raise UsageError(f"--db {path!r}: holds a XAPIANDB stub file; refusing")
    iamglass = os.path.join(real, "iamglass")
    if not (os.path.isfile(iamglass) and not os.path.islink(iamglass)):
        raise UsageError(f"--db {path!r}: no iamglass file, not a glass database; "
                         "refusing")
    return real


def term_of(item):
    """Python bindings yield bytes from some iterators, items from others."""
    return item if isinstance(item, bytes) else item.term


def json_unescaped(data):
    """The document data re-serialised without JSON escapes (\\u00e9, \\/),
    or None when it is not JSON. JSON Lines are handled line by line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\\" not in text:
        return None  # nothing escaped: the raw search already covers it
    try:
        docs = [json.loads(text)]
    except ValueError:
        docs = []
        for line in text.splitlines():
            line = line.strip()
            if line[:1] in ("{", "["):
                try:
                    docs.append(json.loads(line))
                except ValueError:
                    pass
        if not docs:
            return None
    return "\n".join(json.dumps(d, ensure_ascii=False) for d in docs).encode(
        "utf-8", "surrogatepass")


def scan_db(scanner, xapian, path, real):
    """Read one glass database entirely through the API."""
    name = scanner.display(path)
    where = f"db {name}:"
    db = xapian.Database(real, xapian.DB_BACKEND_GLASS)
    add = scanner.add

    for n, item in enumerate(db.allterms(), 1):
        add(f"{where} term #{n}", term_of(item))

    docids = [p.docid for p in db.postlist("")]
    if len(docids) != db.get_doccount():
        # Should not happen; walk every possible id rather than miss one.
        docids = range(1, db.get_lastdocid() + 1)
    positions = db.has_positions()
    for docid in docids:
        try:
            doc = db.get_document(docid)
        except xapian.DocNotFoundError:
            continue
        data = doc.get_data()
        add(f"{where} doc {docid} data", data)
        unescaped = json_unescaped(data)
        if unescaped is not None:
            add(f"{where} doc {docid} data (JSON-unescaped)", unescaped)
        for v in doc.values():
            add(f"{where} doc {docid} value slot {v.num}", v.value)
        for n, t in enumerate(db.termlist(docid), 1):
            add(f"{where} doc {docid} termlist term #{n}", t.term)
            if positions:
                pos = b" ".join(b"%d" % p for p in t.positer)
                if pos:
                    add(f"{where} doc {docid} positions of termlist term #{n}", pos)

    for n, key in enumerate(db.metadata_keys(), 1):
        key = term_of(key)
        add(f"{where} metadata key #{n}", key)
        value = db.get_metadata(key)
        add(f"{where} metadata value #{n}", value)
        unescaped = json_unescaped(value)
        if unescaped is not None:
            add(f"{where} metadata value #{n} (JSON-unescaped)", unescaped)

    for n, item in enumerate(db.spellings(), 1):
        add(f"{where} spelling word #{n}", term_of(item))

    for n, key in enumerate(db.synonym_keys(), 1):
        key = term_of(key)
        add(f"{where} synonym key #{n}", key)
        for m, syn in enumerate(db.synonyms(key), 1):
            add(f"{where} synonym #{m} of key #{n}", term_of(syn))

    scanner.flush()
    db.close()


def scan_file(scanner, path, shown, budget, follow=False):
    """Search one regular file's bytes, and its inflated content if it is
    gzip or zlib. Inside a walked tree the file is opened with O_NOFOLLOW
    (a symlink swapped in since the walk is not followed); O_NONBLOCK and
    the fstat check keep a FIFO from blocking the scan."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return
        layered = LayeredSearch(scanner, f"file {shown}", budget)
        while True:
            data = os.read(fd, CHUNK)
            if not data:
                break
            layered.feed(data)
        layered.close()
    finally:
        os.close(fd)


def scan_path(scanner, root, budget, errors):
    """Walk a file or folder. Symlinks inside the tree are never followed:
    their targets inside the tree are scanned where they live, and those
    outside are not ours. The link text and entry names are searched too,
    since a name is written data as much as a file's bytes."""
    top = scanner.display(root)
    if not os.path.isdir(root):
        # An explicitly named file (or a link to one) is read as named.
        try:
            scan_file(scanner, root, top, budget, follow=True)
        except OSError as e:
            errors.append(f"{top}: {e.strerror}")
        return

    def onerror(e):
        errors.append(f"{scanner.display(e.filename or root)}: {e.strerror}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            shown = f"{top}/{scanner.display(rel)}"
            parent = os.path.relpath(dirpath, root)
            parent = top if parent == "." else f"{top}/{scanner.display(parent)}"
            scanner.add(f"name of an entry in {parent}", os.fsencode(name))
            try:
                st = os.lstat(full)
            except OSError as e:
                errors.append(f"{shown}: {e.strerror}")
                continue
            if stat.S_ISLNK(st.st_mode):
                try:
                    scanner.add(f"symlink target of {shown}", os.fsencode(os.readlink(full)))
                except OSError as e:
                    errors.append(f"{shown}: {e.strerror}")
                continue
            if stat.S_ISREG(st.st_mode):
                try:
                    scan_file(scanner, full, shown, budget)
                except OSError as e:
                    errors.append(f"{shown}: {e.strerror}")
        scanner.flush()
    scanner.flush()


# ---------------------------------------------------------------- main


def build_owners(identities, contents):
    owners = []
    for i, (value, kind) in enumerate(identities, 1):
        owners.append((f"identity {i} ({kind or 'string'})", identity_forms(value, kind)))
    for i, c in enumerate(contents, 1):
        owners.append((f"content {i}", content_forms(c)))
    return owners


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="cleartext_scan.py",
        description="Search a leakwatch corpus (through Xapian's API) and files "
                    "for planted identifiers in clear, encoded or digested.")
    p.add_argument("--secrets", required=True, help="JSON file of identities and contents")
    p.add_argument("--db", action="append", default=[], help="glass database directory")
    p.add_argument("--path", action="append", default=[], help="file or folder to search")
    p.add_argument("--list-forms", action="store_true",
                   help="print how many forms each identity/content yields (no values)")
    p.add_argument("--max-inflate", type=int, default=1024, metavar="MIB",
                   help="stop inflating compressed files after this many MiB in all "
                        "(default 1024); hitting it makes the scan incomplete")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)  # argparse exits 2 on its own errors
    try:
        identities, contents = load_secrets(args.secrets)
        owners = build_owners(identities, contents)
        if args.list_forms:
            for owner, forms in owners:
                print(f"{owner}: {len(forms)} forms")
            if not args.db and not args.path:
                return 0
        if not args.db and not args.path:
            raise UsageError("nothing to scan: give --db and/or --path")
        # Validate every target before reading any, so a refused --db never
        # leaves a half-done scan behind.
        dbs = [(p, check_glass_dir(p)) for p in args.db]
        for p in args.path:
            if not os.path.lexists(p):
                raise UsageError(f"--path {p!r}: does not exist")
        xapian = None
        if dbs:
            xapian = import_xapian()
            if xapian is None:
                raise UsageError("python3-xapian is not installed "
                                 "(apt-get install -y python3-xapian)")
    except UsageError as e:
        print(f"cleartext_scan: {e}", file=sys.stderr)
        return 2

    scanner = Scanner(owners)
    errors = []
    budget = [args.max_inflate << 20]

    for path, real in dbs:
        try:
            scan_db(scanner, xapian, path, real)
        except xapian.Error as e:
            # Xapian's messages name paths, not content.
            errors.append(f"db {scanner.display(path)}: {type(e).__name__}")
            scanner.flush()  # still search what was read before the error
    for path in args.path:
        scan_path(scanner, path, budget, errors)
    scanner.flush()

    for e in errors:
        print(f"cleartext_scan: error: {e}", file=sys.stderr)
    for label in scanner.truncated:
        print(f"cleartext_scan: inflate limit reached in {label}; rest not searched",
              file=sys.stderr)
    print(f"cleartext_scan: {len(scanner.forms)} forms, {scanner.places} places "
          f"searched, {scanner.hits} hits", file=sys.stderr)
    if scanner.hits:
        return 1
    if errors or scanner.truncated:
        print("cleartext_scan: scan incomplete, cannot vouch for a clean result",
              file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
