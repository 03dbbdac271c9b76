#!/usr/bin/env python3
"""Self-test for cleartext_scan.py: python3 tests/support/cleartext_scan_test.py

Each planted case builds its own small glass database in which an identity
(or a digest of a content) sits in exactly one place, most of them places a
grep of the database files cannot see because glass compresses them, and
checks that the scanner exits 1 and names that place. A clean database of
the same shape must pass, stub databases must be refused without ever being
opened, and no output may ever contain a secret.
"""

import base64
import gzip
import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(HERE, "cleartext_scan.py")

# The tool's own form builder and xapian loader, so the test checks its
# output against every form it searches for. No bytecode cache: running the
# test must not leave files in the source tree.
sys.dont_write_bytecode = True
_spec = importlib.util.spec_from_file_location("cleartext_scan", TOOL)
cs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cs)
xapian = cs.import_xapian()

EMAIL = "jean.martin@example.org"
NAME = "Dupont Jean-Pierre"
ACCENTED = "Hélène Müller"
PHONE = "+33 6 12 34 56 78"
NIR = "1 85 07 75 123 456 08"
DATE = "1980-01-02"
CONTENT = "leaked item content: patient record 4711"

SECRETS = {
    "identities": [
        {"value": EMAIL, "kind": "email"},     # identity 1
        {"value": NAME, "kind": "name"},       # identity 2
        {"value": ACCENTED, "kind": "name"},   # identity 3
        {"value": PHONE, "kind": "phone"},     # identity 4
        {"value": NIR, "kind": "nir"},         # identity 5
        {"value": DATE, "kind": "date"},       # identity 6
    ],
    "contents": [CONTENT],                     # content 1
}

# Every byte string the scanner searches for: none may ever be printed.
ALL_FORMS = [f for _, forms in cs.build_owners(
    [(i["value"], i.get("kind")) for i in SECRETS["identities"]], SECRETS["contents"])
    for _, f in forms]


def neutral(n):
    """Deterministic token-like filler (what a keyed token looks like)."""
    return hashlib.sha256(b"filler %d" % n).hexdigest()[:32]


def background(db, docs=5):
    """Ordinary documents around the planted one, the same in every
    database, so planted and clean databases differ only in the values."""
    for i in range(docs):
        doc = xapian.Document()
        doc.set_data(json.dumps({"source": "paste", "token": neutral(i),
                                 "seen": "2021-09-0%d" % (i + 1)}))
        doc.add_term("T" + neutral(i))
        doc.add_posting("Zword%d" % i, 1)
        doc.add_value(0, neutral(100 + i))
        db.add_document(doc)
    db.set_metadata("schema", "leakwatch-corpus 1")


def add_doc(db, data=b"", terms=(), values=None):
    doc = xapian.Document()
    doc.set_data(data)
    for t in terms:
        doc.add_term(t)
    for slot, v in (values or {}).items():
        doc.add_value(slot, v)
    return db.add_document(doc)


def repetitive_json(contact):
    """Long repetitive JSON: glass stores it zlib-compressed."""
    return json.dumps({"records": [
        {"source": "paste", "line": i, "note": "record seen again in the same dump",
         "contact": contact} for i in range(60)]}).encode()


def odd_offset_b64(value):
    """base64 of the value at offset 1 inside a longer string."""
    return b"blob:" + base64.b64encode(b"\x01" + value.encode() + b"!tail")


CONTENT_B = CONTENT.encode()

# name -> (filler, expected place regex, expected owner+form regex)
# The place regex follows "db PATH: ".
PLANTED = {
    "a_data": (lambda db: add_doc(db, repetitive_json(EMAIL)),
               r"doc \d+ data", r'identity 1 \(email\), form "as written"'),
    "b_metadata_key": (lambda db: db.set_metadata("seen:" + EMAIL, "1"),
                       r"metadata key #\d+", r'identity 1 \(email\), form "as written"'),
    "c_metadata_value": (lambda db: db.set_metadata("last-contact", EMAIL),
                         r"metadata value #\d+", r'identity 1 \(email\), form "as written"'),
    "d_term": (lambda db: add_doc(db, b"{}", terms=["XE" + EMAIL]),
               r"term #\d+", r'identity 1 \(email\), form "as written"'),
    "e_value": (lambda db: add_doc(db, b"{}", values={3: EMAIL}),
                r"doc \d+ value slot 3", r'identity 1 \(email\), form "as written"'),
    "f_percent_url": (lambda db: add_doc(db, json.dumps(
        {"url": "https://lookup.example/q?who=" + urllib.parse.quote(EMAIL, safe="")}).encode()),
        r"doc \d+ data", r'identity 1 \(email\), form "percent-encoded \(safe=\'\'\)"'),
    "g_base64_offset": (lambda db: add_doc(db, odd_offset_b64(EMAIL)),
                        r"doc \d+ data",
                        r'identity 1 \(email\), form "base64 standard inner at offset 1 '
                        r'\(as written\)"'),
    "h_sha256_term": (lambda db: add_doc(db, b"{}", terms=[
        "H" + hashlib.sha256(CONTENT_B).hexdigest()]),
        r"term #\d+", r'content 1, form "sha256 hex"'),
    "i_blake2b16_value": (lambda db: add_doc(db, b"{}", values={
        5: hashlib.blake2b(CONTENT_B, digest_size=16).digest()}),
        r"doc \d+ value slot 5", r'content 1, form "blake2b-16 raw"'),
    # Beyond the list: tables and encodings a leak could also hide in.
    "j_spelling": (lambda db: db.add_spelling(NAME.lower().replace(" ", "_")),
                   r"spelling word #\d+", r'identity 2 \(name\), form "spaces replaced by \'_\''),
    "k_synonym": (lambda db: db.add_synonym("contact", EMAIL),
                  r"synonym #\d+ of key #\d+", r'identity 1 \(email\), form "as written"'),
    "l_json_escaped": (lambda db: add_doc(db, json.dumps({"name": ACCENTED}).encode()),
                       r"doc \d+ data \(JSON-unescaped\)",
                       r'identity 3 \(name\), form "as written"'),
    "m_phone_national": (lambda db: add_doc(db, b"{}", terms=["P0612345678"]),
                         r"term #\d+", r'identity 4 \(phone\), form "national digits"'),
    "n_date_french": (lambda db: add_doc(db, b'{"born": "02/01/1980"}'),
                      r"doc \d+ data", r'identity 6 \(date\), form "date DD/MM/YYYY"'),
}


def clean_fill(db):
    """The same places as all planted cases, holding other people's data."""
    other = "claire.durand@example.net"
    add_doc(db, repetitive_json(other))
    db.set_metadata("seen:" + other, "1")
    db.set_metadata("last-contact", other)
    add_doc(db, b"{}", terms=["XE" + other, "H" + hashlib.sha256(b"other").hexdigest()],
            values={3: other, 5: hashlib.blake2b(b"other", digest_size=16).digest()})
    add_doc(db, json.dumps({"url": "https://lookup.example/q?who="
                            + urllib.parse.quote(other, safe="")}).encode())
    add_doc(db, odd_offset_b64(other))
    db.add_spelling("martin_claire")
    db.add_synonym("contact", other)
    add_doc(db, json.dumps({"name": "Zoé Lefèvre"}).encode())
    add_doc(db, b'{"born": "14/07/1975"}', terms=["P0798765432"])


class ScanTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if xapian is None:
            raise RuntimeError("python3-xapian missing: apt-get install -y python3-xapian")
        cls.tmp = tempfile.TemporaryDirectory(prefix="cleartext_scan_test.")
        cls.dir = cls.tmp.name
        cls.secrets = os.path.join(cls.dir, "secrets.json")
        with open(cls.secrets, "w", encoding="utf-8") as f:
            json.dump(SECRETS, f, ensure_ascii=False)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    # -- helpers

    def run_scan(self, *args, secrets=None):
        """Run the tool; check it never prints a secret; return
        (rc, HIT lines, stderr)."""
        proc = subprocess.run(
            [sys.executable, TOOL, "--secrets", secrets or self.secrets, *args],
            capture_output=True, timeout=60)
        for form in ALL_FORMS:
            self.assertNotIn(form, proc.stdout, "a secret form was printed on stdout")
            self.assertNotIn(form, proc.stderr, "a secret form was printed on stderr")
        out = proc.stdout.decode()
        err = proc.stderr.decode()
        hits = [line for line in out.splitlines() if line.startswith("HIT ")]
        if proc.returncode != 2 and "--list-forms" not in args:
            self.assertRegex(err, r"cleartext_scan: \d+ forms, \d+ places searched, "
                                  rf"{len(hits)} hits\n\Z")
        return proc.returncode, hits, err

    def make_db(self, name, fill=None, docs=5):
        path = os.path.join(self.dir, name)
        db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OPEN | xapian.DB_BACKEND_GLASS)
        background(db, docs)
        if fill:
            fill(db)
        db.commit()
        db.close()
        return path

    @staticmethod
    def raw_bytes(folder):
        """Everything a grep of the folder's files would see."""
        out = b""
        for dirpath, _, files in os.walk(folder):
            for f in files:
                with open(os.path.join(dirpath, f), "rb") as fh:
                    out += fh.read()
        return out

    # -- databases

    def test_planted_cases(self):
        for name, (fill, place, form) in PLANTED.items():
            with self.subTest(case=name):
                path = self.make_db(name, fill)
                rc, hits, err = self.run_scan("--db", path)
                self.assertEqual(rc, 1, err)
                want = re.compile(rf"HIT db {re.escape(path)}: {place} {form}")
                self.assertTrue(any(want.match(h) for h in hits),
                                f"no HIT matching {want.pattern!r} in {hits}")

    def test_data_is_invisible_to_grep(self):
        # The API read is needed: glass stores the data zlib-compressed.
        path = self.make_db("grep_data", PLANTED["a_data"][0])
        raw = self.raw_bytes(path)
        self.assertNotIn(EMAIL.encode(), raw)
        self.assertNotIn(b"jean.martin", raw)
        rc, hits, _ = self.run_scan("--db", path)
        self.assertEqual(rc, 1)

    def test_clean_database(self):
        path = self.make_db("clean", clean_fill)
        rc, hits, err = self.run_scan("--db", path)
        self.assertEqual((rc, hits), (0, []), err)
        self.assertIn(" 0 hits", err)

    def test_refuses_stubs_without_opening_them(self):
        marker = os.path.join(self.dir, "SOMEFILE")
        stub_line = f"remote :/usr/bin/touch {marker}\n"
        stub_dir = os.path.join(self.dir, "stub_dir")
        os.mkdir(stub_dir)
        with open(os.path.join(stub_dir, "XAPIANDB"), "w") as f:
            f.write(stub_line)
        stub_file = os.path.join(self.dir, "stub_file")
        with open(stub_file, "w") as f:
            f.write(stub_line)
        # A real glass database with a stub planted beside iamglass.
        glass_with_stub = self.make_db("glass_with_stub")
        with open(os.path.join(glass_with_stub, "XAPIANDB"), "w") as f:
            f.write(stub_line)
        link = os.path.join(self.dir, "stub_link")
        os.symlink(stub_file, link)
        empty = os.path.join(self.dir, "not_a_db")
        os.mkdir(empty)
        for target in (stub_dir, stub_file, glass_with_stub, link, empty):
            with self.subTest(target=os.path.basename(target)):
                rc, hits, err = self.run_scan("--db", target)
                self.assertFalse(os.path.exists(marker), "a stub database was opened")
                self.assertEqual(rc, 2, err)
                self.assertEqual(hits, [])
                self.assertIn("refusing", err)
        # A refused --db aborts before any other target is read.
        rc, hits, _ = self.run_scan("--db", self.make_db("ok_before_stub", PLANTED["d_term"][0]),
                                    "--db", stub_file)
        self.assertEqual((rc, hits), (2, []))
        self.assertFalse(os.path.exists(marker))

    def test_corrupt_glass_is_an_error(self):
        path = os.path.join(self.dir, "corrupt")
        os.mkdir(path)
        with open(os.path.join(path, "iamglass"), "wb") as f:
            f.write(b"not really glass")
        rc, hits, err = self.run_scan("--db", path)
        self.assertEqual(rc, 2, err)

    def test_many_documents_fast(self):
        # A few thousand documents and several hundred forms: seconds, and
        # the batched search still names the right document.
        many = {"identities": SECRETS["identities"] + [
            {"value": f"person{i}.name@example{i}.org", "kind": "email"} for i in range(12)] + [
            {"value": f"Nom{i} Prenom-{i}", "kind": "name"} for i in range(12)],
            "contents": [f"content {i} of some item" for i in range(10)]}
        secrets = os.path.join(self.dir, "many.json")
        with open(secrets, "w", encoding="utf-8") as f:
            json.dump(many, f, ensure_ascii=False)
        planted = {}

        def fill(db):
            for i in range(3000):
                data = json.dumps({"source": "paste", "line": i, "tokens": [
                    neutral(i * 10 + k) for k in range(20)]})
                if i == 2718:
                    data = data.replace('"paste"', json.dumps("lookup " + EMAIL))
                docid = add_doc(db, data.encode(), terms=["T" + neutral(i * 10 + k)
                                                          for k in range(8)],
                                values={0: neutral(i), 1: b"%08d" % i})
                if i == 2718:
                    planted["docid"] = docid

        path = self.make_db("many", fill)
        t0 = time.monotonic()
        rc, hits, err = self.run_scan("--db", path, secrets=secrets)
        elapsed = time.monotonic() - t0
        self.assertEqual(rc, 1, err)
        self.assertEqual(hits, [f'HIT db {path}: doc {planted["docid"]} data '
                                'identity 1 (email), form "as written"'])
        forms = int(re.search(r"(\d+) forms", err).group(1))
        self.assertGreaterEqual(forms, 500)
        self.assertLess(elapsed, 8, f"scan took {elapsed:.1f}s")

    # -- files

    def make_tree(self, name):
        root = os.path.join(self.dir, name)
        os.makedirs(os.path.join(root, "logs"))
        with open(os.path.join(root, "logs", "plain.log"), "w") as f:
            f.write("indexed 12 files, 0 errors\n")
        return root

    def test_gzip_log(self):
        root = self.make_tree("tree_gz")
        gz = os.path.join(root, "logs", "app.log.1.gz")
        with open(gz, "wb") as f:
            f.write(gzip.compress(b"lookup failed for " + EMAIL.encode() + b"\n" * 200))
        self.assertNotIn(EMAIL.encode(), self.raw_bytes(root))
        rc, hits, err = self.run_scan("--path", root)
        self.assertEqual(rc, 1, err)
        self.assertIn(f'HIT file {root}/logs/app.log.1.gz (gunzipped) '
                      'identity 1 (email), form "as written"', hits)

    def test_zlib_and_multimember_gzip(self):
        root = self.make_tree("tree_zlib")
        with open(os.path.join(root, "state.z"), "wb") as f:
            f.write(zlib.compress(json.dumps({"who": NAME}).encode()))
        with open(os.path.join(root, "two.gz"), "wb") as f:
            f.write(gzip.compress(b"first member\n") + gzip.compress(PHONE.encode()))
        rc, hits, err = self.run_scan("--path", root)
        self.assertEqual(rc, 1, err)
        self.assertIn(f'HIT file {root}/state.z (zlib-inflated) '
                      'identity 2 (name), form "as written"', hits)
        self.assertIn(f'HIT file {root}/two.gz (gunzipped) '
                      'identity 4 (phone), form "as written"', hits)

    def test_clean_tree_and_symlink_out_of_tree(self):
        outside = os.path.join(self.dir, "outside.txt")
        with open(outside, "w") as f:
            f.write(EMAIL)
        root = self.make_tree("tree_link")
        os.symlink(outside, os.path.join(root, "logs", "link.txt"))
        os.symlink(self.dir, os.path.join(root, "up"))  # a loop, too
        rc, hits, err = self.run_scan("--path", root)
        self.assertEqual((rc, hits), (0, []), err)

    def test_secret_in_file_name_is_redacted(self):
        # The file's own hit must name it without printing its name.
        root = self.make_tree("tree_name")
        with open(os.path.join(root, "report-" + EMAIL + ".txt"), "w") as f:
            f.write(f"lookup for {NAME}\n")
        rc, hits, err = self.run_scan("--path", root)  # run_scan checks the redaction
        self.assertEqual(rc, 1, err)
        self.assertIn(f'HIT name of an entry in {root} identity 1 (email), form "as written"',
                      hits)
        self.assertIn(f'HIT file {root}/[redacted: this path contains a searched form] '
                      'identity 2 (name), form "as written"', hits)

    def test_form_across_read_chunks(self):
        root = self.make_tree("tree_big")
        big = os.path.join(root, "big.bin")
        head = b"." * (cs.CHUNK - 5)
        with open(big, "wb") as f:
            f.write(head + CONTENT_B + b"." * 100)
        rc, hits, err = self.run_scan("--path", big)
        self.assertEqual(rc, 1, err)
        self.assertIn(f'HIT file {big} content 1, form "content as written"', hits)

    def test_missing_path_is_usage_error(self):
        rc, hits, _ = self.run_scan("--path", os.path.join(self.dir, "nope"))
        self.assertEqual((rc, hits), (2, []))

    # -- forms and matcher

    def test_list_forms(self):
        rc, _, _ = self.run_scan("--list-forms")
        self.assertEqual(rc, 0)
        proc = subprocess.run([sys.executable, TOOL, "--secrets", self.secrets,
                               "--list-forms"], capture_output=True, text=True)
        lines = proc.stdout.splitlines()
        self.assertEqual(len(lines), len(SECRETS["identities"]) + len(SECRETS["contents"]))
        self.assertTrue(all(re.fullmatch(r"(identity \d+ \(\w+\)|content \d+): \d+ forms", x)
                            for x in lines), lines)

    def test_base64_alignments(self):
        # Wherever the value sits in a longer string, one of the three inner
        # forms is in its base64, in both alphabets.
        value = EMAIL.encode()
        for pre in range(7):
            for post in range(4):
                s = os.urandom(pre) + value + os.urandom(post)
                for urlsafe, enc in ((False, base64.b64encode),
                                     (True, base64.urlsafe_b64encode)):
                    self.assertTrue(any(cs.b64_inner(value, k, urlsafe) in enc(s)
                                        for k in range(3)))

    def test_no_hit_across_blob_boundary(self):
        # Raw digests may hold any byte, so the batch join can fake a match
        # across two blobs; the exact per-blob check must drop it.
        with open(os.devnull, "w") as null:
            sc = cs.Scanner([("content 1", [("raw", b"abc\ndef")])], out=null)
            sc.add("one", b"zzabc")
            sc.add("two", b"defzz")
            sc.flush()
            self.assertEqual(sc.hits, 0)
            sc.add("three", b"xxabc\ndefxx")
            sc.flush()
            self.assertEqual(sc.hits, 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
