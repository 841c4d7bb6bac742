#!/usr/bin/env python3
"""The survey behind docs/rules/README.md ("How the default rule set was chosen").

Runs rbcheck and squawk 2.66.0 (both with their default rule sets, or rbcheck
with --enable all when RBCHECK_ARGS="--enable all") over the up migrations of
public projects, prints the findings per rule, and says how many of squawk's
findings fall on a statement where rbcheck reports the same hazard.

    ROOT=/work/repos/sql-survey RBCHECK=/tmp/rbcheck SQUAWK=node_modules/.bin/squawk \\
        python3 bench/squawkcmp/survey.py

ROOT holds the clones (supabase/auth's migrations with their
{{ index .Options "Namespace" }} template rendered as `auth`, in auth-rendered/).
"""
import collections
import glob
import json
import os
import re
import shlex
import subprocess

ROOT = os.environ.get("ROOT", "/work/repos/sql-survey")
RB = os.environ.get("RBCHECK", "rbcheck")
SQ = os.environ.get("SQUAWK", "squawk")
RB_ARGS = shlex.split(os.environ.get("RBCHECK_ARGS", ""))

PROJECTS = {
    "supabase/auth": "auth-rendered",
    "authelia": "authelia/internal/storage/migrations/postgres",
    "boundary": "boundary/internal/db/schema/migrations/oss/postgres",
    "ente": "ente/server/migrations",
    "harbor": "harbor/make/migrations/postgresql",
    "kratos": "kratos/persistence/sql/migrations/sql",
    "memos": "memos/store/migration/postgres",
    "temporal": "temporal/schema/postgresql/v12",
}

# squawk rule -> the rbcheck rules that catch the same hazard
SAME = {
    "require-concurrent-index-creation": ["require-concurrent-index"],
    "require-concurrent-index-deletion": ["require-concurrent-index-drop"],
    "require-concurrent-reindex": ["require-concurrent-reindex"],
    "require-concurrent-partition-detach": ["require-concurrent-partition-detach"],
    "constraint-missing-not-valid": ["constraint-not-valid", "statements-after-access-exclusive"],
    "adding-foreign-key-constraint": ["constraint-not-valid"],
    "adding-field-with-default": ["table-rewrite"],
    "adding-not-nullable-field": ["set-not-null-scan", "set-not-null", "add-required-column"],
    "adding-serial-primary-key-field": ["add-unique-constraint", "table-rewrite"],
    "adding-required-field": ["add-required-column"],
    "disallowed-unique-constraint": ["add-unique-constraint"],
    "changing-column-type": ["change-column-type", "table-rewrite", "lossy-type-change"],
    "ban-drop-column": ["drop-column"],
    "ban-drop-table": ["drop-table"],
    "ban-drop-database": ["drop-database"],
    "ban-drop-not-null": ["drop-not-null"],
    "renaming-column": ["rename-column"],
    "renaming-table": ["rename-table"],
    "ban-truncate-cascade": ["truncate-table"],
    "ban-create-domain-with-constraint": ["ban-create-domain-with-constraint"],
    "ban-alter-domain-with-add-constraint": ["ban-alter-domain-with-add-constraint"],
    "prefer-text-field": ["prefer-text-field"],
    "prefer-bigint-over-int": ["prefer-bigint-over-int"],
    "prefer-bigint-over-smallint": ["prefer-bigint-over-int"],
    "prefer-identity": ["prefer-identity"],
    "prefer-timestamp-tz": ["prefer-timestamptz"],
    "ban-char-field": ["ban-char-field"],
    "require-enum-value-ordering": ["add-enum-value"],
    "identifier-too-long": ["identifier-too-long"],
    "prefer-robust-stmts": ["prefer-robust-stmts"],
    "transaction-nesting": ["transaction-nesting"],
    "ban-concurrent-index-creation-in-transaction": ["concurrently-in-transaction"],
    "ban-uncommitted-transaction": ["ban-uncommitted-transaction"],
    "require-lock-timeout": ["require-lock-timeout"],
    "require-statement-timeout": ["require-statement-timeout"],
    "ban-duplicate-column-assignments": ["duplicate-column"],
}


def files(path):
    out = []
    for f in sorted(glob.glob(os.path.join(ROOT, path, "**/*.sql"), recursive=True)):
        b = os.path.basename(f)
        if ".down." in b or any(x in b for x in ("mysql", "sqlite", "cockroach")):
            continue
        if "kratos" in path and not (".postgres." in b or b.count(".") == 2):
            continue
        out.append(os.path.relpath(f, ROOT))
    return out


def statement_of_line(text):
    """1-based line -> index of the statement it is in (quotes, dollar quotes, comments)."""
    idx, line, out, i, n = 0, 1, {1: 0}, 0, len(text)
    mode, tag = None, None
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            out[line] = idx
            if mode == "--":
                mode = None
            i += 1
            continue
        if mode == "--":
            i += 1
        elif mode == "/*":
            if text.startswith("*/", i):
                mode = None
                i += 2
            else:
                i += 1
        elif mode in ("'", '"'):
            if c == mode:
                mode = None
            i += 1
        elif mode == "$":
            if text.startswith(tag, i):
                mode = None
                i += len(tag)
            else:
                i += 1
        elif text.startswith("--", i) or text.startswith("/*", i):
            mode = text[i:i + 2]
            i += 2
        elif c in ("'", '"'):
            mode = c
            i += 1
        elif c == "$" and re.match(r"\$[A-Za-z_0-9]*\$", text[i:]):
            tag = re.match(r"\$[A-Za-z_0-9]*\$", text[i:]).group(0)
            mode = "$"
            i += len(tag)
        else:
            if c == ";":
                idx += 1
            i += 1
    return out


def main():
    rb_total, sq_total, missed = collections.Counter(), collections.Counter(), collections.Counter()
    stmt_cache = {}

    def stmt(f, line):
        if f not in stmt_cache:
            with open(os.path.join(ROOT, f), encoding="utf-8", errors="replace") as fh:
                stmt_cache[f] = statement_of_line(fh.read())
        m = stmt_cache[f]
        return m.get(line, max(m.values()))

    nfiles = 0
    for name, path in PROJECTS.items():
        fs = files(path)
        nfiles += len(fs)
        r = subprocess.run([RB, "lint"] + RB_ARGS + ["--format", "json"] + fs, cwd=ROOT, capture_output=True, text=True)
        rb = json.loads(r.stdout)["findings"]
        s = subprocess.run([SQ, "--reporter", "json"] + fs, cwd=ROOT, capture_output=True, text=True)
        sq = json.loads(s.stdout)
        rb_total.update(f["rule"] for f in rb)
        sq_total.update(v["rule_name"] for v in sq)
        by_file = collections.defaultdict(list)
        for f in rb:
            by_file[f["file"]].append(f)
        for v in sq:
            rules = set(SAME.get(v["rule_name"], []))
            at = stmt(v["file"], v["line"] + 1)  # squawk's lines are 0-based
            hit = any(f["rule"] in rules and stmt(f["file"], f["line"]) == at for f in by_file[v["file"]])
            if not hit and v["rule_name"] in ("require-lock-timeout", "require-statement-timeout"):
                # rbcheck reports these once per stretch of the file
                hit = any(f["rule"] in rules for f in by_file[v["file"]])
            if not hit:
                missed[v["rule_name"]] += 1
        print(f"{name}: {len(fs)} files, rbcheck {len(rb)} findings, squawk {len(sq)}")
    print(f"\n{nfiles} files; rbcheck {sum(rb_total.values())} findings, squawk {sum(sq_total.values())}")
    print("\nrbcheck findings per rule:")
    for r, n in rb_total.most_common():
        print(f"  {r:40s} {n:5d}")
    print(f"\nsquawk findings without an rbcheck finding of the same hazard on the statement: {sum(missed.values())}")
    for r, n in missed.most_common():
        print(f"  {r:40s} {n:5d}/{sq_total[r]}")


if __name__ == "__main__":
    main()
