#!/usr/bin/env python3
"""Checks that every #include "..." in the libraries and the CLI goes one way.

indexer/ is in layers (../shared/DESIGN.md, "Folders"): each subfolder is one
meson library and may include only the parts below it; the pipeline at the
top of indexer/ uses them all and shows the rest of leakwatch one header,
indexer/indexer.h. The other folders reach into indexer/ only through the
doors listed in ALLOWED. This file is the only place the matrix is written.

Usage: layering_test.py [SOURCE_ROOT]   (default: this file's ../)
Prints one line per forbidden include, "FILE:LINE: ... (rule: ...)", and
exits 1 if there is any; tests/ and bench/ are not checked.
"""

import pathlib
import re
import sys

# The rooms of indexer/, bottom first; "pipeline" is indexer/*.h|cpp itself.
INDEXER_PARTS = ["base", "input", "extract", "records", "prf", "tokens", "corpus"]

# The corpus headers a reader of the corpus needs: its schema, the purpose
# keys that name and seal what it holds, and the item seal's format.
CORPUS_READ_SIDE = {"corpus_schema.h", "corpus_keys.h", "item_seal.h"}

# Who may include what. A target is "indexer/<part>" (any header of that
# part), "indexer/<part>/<file>" (that header only), "indexer/indexer.h",
# "pipeline" (indexer/'s top-level headers), another folder ("search": any of
# its headers) or one header of it ("search/search.h").
# A room may always include its own headers.
ALLOWED = {
    "indexer/base": [],
    "indexer/input": ["indexer/base"],
    "indexer/extract": ["indexer/base"],
    "indexer/records": ["indexer/base", "indexer/input", "indexer/extract"],
    "indexer/prf": ["indexer/base"],
    "indexer/tokens": ["indexer/base", "indexer/prf"],
    "indexer/corpus": ["indexer/base", "indexer/prf"],
    "pipeline": ["indexer/" + p for p in INDEXER_PARTS] + ["indexer/indexer.h"],
    "crawler": ["indexer/indexer.h", "indexer/base"],
    "search": ["indexer/indexer.h", "indexer/base", "indexer/prf"]
    + ["indexer/corpus/" + h for h in sorted(CORPUS_READ_SIDE)],
    "service": ["indexer/indexer.h", "indexer/base", "indexer/prf", "search"]
    + ["indexer/corpus/" + h for h in sorted(CORPUS_READ_SIDE)],
    "cli": ["indexer/indexer.h", "indexer/base", "crawler/crawler.h", "search/search.h",
            "service/service.h"],
}

CHECKED_FOLDERS = ["indexer", "crawler", "search", "service", "cli"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def room_of_source(rel: pathlib.PurePosixPath) -> str:
    parts = rel.parts
    if parts[0] == "indexer":
        if len(parts) == 2:
            return "pipeline"
        return "indexer/" + parts[1]
    return parts[0]


def targets_of_include(path: str) -> list:
    """The names an include answers to, most specific first."""
    parts = path.split("/")
    if parts[0] == "indexer":
        if len(parts) == 2:
            if parts[1] == "indexer.h":
                return ["indexer/indexer.h"]
            return ["pipeline"]
        return ["/".join(parts[:3]), "indexer/" + parts[1]]
    return [path, parts[0]]


def check(root: pathlib.Path) -> list:
    problems = []
    for folder in CHECKED_FOLDERS:
        for source in sorted((root / folder).rglob("*")):
            if source.suffix not in (".h", ".cpp") or not source.is_file():
                continue
            rel = pathlib.PurePosixPath(source.relative_to(root).as_posix())
            room = room_of_source(rel)
            if room not in ALLOWED:
                problems.append(f"{rel}:1: '{room}' is not a room the matrix knows")
                continue
            allowed = set(ALLOWED[room]) | {room}
            text = source.read_text(encoding="utf-8")
            for number, line in enumerate(text.splitlines(), start=1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                included = match.group(1)
                top = included.split("/")[0]
                if top not in CHECKED_FOLDERS:
                    continue  # not one of ours (tests/ helpers are not checked)
                targets = targets_of_include(included)
                if not allowed.intersection(targets):
                    rule = ", ".join(sorted(allowed))
                    problems.append(
                        f'{rel}:{number}: {room} may not include "{included}" '
                        f"(rule: {room} may include {rule})")
    return problems


def main() -> int:
    root = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent
    problems = check(root.resolve())
    for line in problems:
        print(line)
    if problems:
        print(f"layering: {len(problems)} forbidden include(s)")
        return 1
    print("layering: every include goes one way")
    return 0


if __name__ == "__main__":
    sys.exit(main())
