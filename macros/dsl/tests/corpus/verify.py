#!/usr/bin/env python3
"""Checks the corpus against PostgreSQL itself, not squawk (see README.md).

1. PostgreSQL's own parser (pglast, which embeds libpg_query; pglast 8.7 is PostgreSQL
   18.6's grammar): every valid case is exactly one statement, every invalid case and
   every case in gaps/accepted-invalid is a syntax error, every case in
   gaps/rejected-valid parses.
2. A PostgreSQL server (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres):
   the valid files run in order in a fresh database `corpus_check`, so they are valid in
   meaning as well as in syntax; every error is printed. Files named `pgNN-*.sql` need
   PostgreSQL NN and are left out on an older server.

Usage: python3 -m venv /tmp/pglast && /tmp/pglast/bin/pip install pglast==8.7
       /tmp/pglast/bin/python macros/dsl/tests/corpus/verify.py
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pglast

ROOT = Path(__file__).resolve().parent
SEPARATOR = "----"
OUTSIDE = "-- outside a transaction"


def cases(path):
    files = [ROOT / path] if path.endswith(".sql") else sorted((ROOT / path).glob("*.sql"))
    for file in files:
        chunk, first = [], 1
        lines = file.read_text().split("\n") + [SEPARATOR]
        for index, line in enumerate(lines):
            if line != SEPARATOR:
                chunk.append(line)
                continue
            if any(l.strip() and not l.lstrip().startswith("--") for l in chunk):
                yield f"{file.relative_to(ROOT)}:{first}", "\n".join(chunk)
            chunk, first = [], index + 2


def parse_check():
    problems = 0
    for place, sql in cases("valid"):
        try:
            count = len(pglast.parse_sql(sql))
            if count != 1:
                print(f"{place}: {count} statements")
                problems += 1
        except pglast.parser.ParseError as error:
            print(f"{place}: PostgreSQL rejects a valid case: {error}")
            problems += 1
    for directory in ("invalid", "gaps/accepted-invalid"):
        for place, sql in cases(directory):
            try:
                pglast.parse_sql(sql)
                print(f"{place}: PostgreSQL's parser accepts (check it on a server): {sql}")
            except pglast.parser.ParseError:
                pass
    for place, sql in cases("gaps/rejected-valid"):
        try:
            pglast.parse_sql(sql)
        except pglast.parser.ParseError as error:
            print(f"{place}: PostgreSQL rejects a case listed as valid: {error}")
            problems += 1
    return problems


def psql(url, *args, **kwargs):
    return subprocess.run(
        ["psql", "-X", "-q", "-v", "VERBOSITY=verbose", url, *args],
        capture_output=True,
        text=True,
        **kwargs,
    )


def server_check(url):
    version = int(psql(url, "-At", "-c", "SHOW server_version_num").stdout.strip()) // 10000
    check = re.sub(r"/[^/?]*(\?|$)", r"/corpus_check\1", url.split("://", 1)[1], count=1)
    check = url.split("://", 1)[0] + "://" + check
    reset = "DROP DATABASE IF EXISTS corpus_check WITH (FORCE)"
    psql(url, "-c", reset)
    roles = psql(url, "-At", "-c", "SELECT rolname FROM pg_roles WHERE rolname LIKE 'corpus\\_%'")
    for role in roles.stdout.split():
        psql(url, "-c", f"DROP ROLE {role}")
    psql(url, "-c", "CREATE DATABASE corpus_check")
    problems = 0
    try:
        for file in sorted((ROOT / "valid").glob("*.sql")):
            needs = re.match(r"pg(\d+)-", file.name)
            if needs and int(needs.group(1)) > version:
                print(f"valid/{file.name}: needs PostgreSQL {needs.group(1)}, server is {version}; parsed only")
                continue
            problems += run_file(check, file)
    finally:
        psql(url, "-c", reset)
        roles = psql(url, "-At", "-c", "SELECT rolname FROM pg_roles WHERE rolname LIKE 'corpus\\_%'")
        for role in roles.stdout.split():
            psql(url, "-c", f"DROP ROLE {role}")
    return problems


def run_file(url, file):
    """Runs a file's cases in order, each in a transaction of its own as the migrator
    would, unless marked to run outside one; prints each error with its case's place."""
    script, starts = [], []
    for place, sql in cases(f"valid/{file.name}"):
        outside = any(line.strip() == OUTSIDE for line in sql.splitlines())
        starts.append((len("\n".join(script).splitlines()) + 1, place))
        script.append(sql + "\n;" if outside else f"BEGIN;\n{sql}\n;\nCOMMIT;")
    result = psql(url, "-f", "-", input="\n".join(script) + "\n")
    problems = 0
    for line in result.stderr.splitlines():
        found = re.match(r"psql:<stdin>:(\d+): (ERROR|WARNING):", line)
        if found:
            number = int(found.group(1))
            place = max((start for start in starts if start[0] <= number), default=(0, "?"))[1]
            print(f"{place}: {line}")
            problems += found.group(2) == "ERROR"
    return problems


def main():
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    problems = parse_check() + server_check(url)
    print(f"{problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
