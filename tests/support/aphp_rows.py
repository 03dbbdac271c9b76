#!/usr/bin/env python3
"""AP-HP-shaped patient rows for check --remote's tests, deterministic.

Usage: aphp_rows.py ROWS SEED [EVERY] [OFFSET]
Prints the header and ROWS rows (nom;prenom;date_naissance;sexe;nir;
telephone;email), valid NIR keys and mobile numbers; with EVERY, only the
rows i with i % EVERY == OFFSET (a dump that leaked part of the list)."""
import random
import sys

rows, seed = int(sys.argv[1]), int(sys.argv[2])
every = int(sys.argv[3]) if len(sys.argv) > 3 else 1
offset = int(sys.argv[4]) if len(sys.argv) > 4 else 0
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
        "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David"]
FIRST = ["Camille", "Louise", "Jules", "Hugo", "Chloe", "Lucas", "Emma", "Nathan", "Lea",
         "Arthur", "Manon", "Paul", "Ines", "Adam", "Jade", "Louis"]

print("nom;prenom;date_naissance;sexe;nir;telephone;email")
for i in range(rows):
    r = random.Random(seed * 1_000_003 + i)
    last, first = r.choice(LAST), r.choice(FIRST)
    sex = r.choice("12")
    year, month, day = r.randint(1930, 2005), r.randint(1, 12), r.randint(1, 28)
    body = "%s%02d%02d75%03d%03d" % (sex, year % 100, month, r.randint(101, 120), r.randint(1, 999))
    nir = body + "%02d" % (97 - int(body) % 97)
    phone = "06 %02d %02d %02d %02d" % tuple(r.randint(0, 99) for _ in range(4))
    email = "p%d.%s.%s@example.org" % (i, first.lower(), last.lower())
    if i % every == offset:
        print("%s;%s;%02d/%02d/%d;%s;%s;%s;%s" % (last, first, day, month, year,
                                                "M" if sex == "1" else "F", nir, phone, email))
