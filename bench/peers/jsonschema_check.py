#!/usr/bin/env python3
"""A peer of `charter validate` for bench/compare.sh: PyYAML reads each file
(its C loader when there is one) and python-jsonschema (Draft 7) checks it
against the project's JSON Schema: the structure only. One process for all
files.

  jsonschema_check.py SCHEMA PATH...   (a directory is walked for *.charter.yaml)

Exit status 0 when every file is valid, 1 when one is not, 2 on bad usage.
"""
import json
import os
import sys

import jsonschema
import yaml



class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML reads YAML 1.1, where 2026-01-01 is a date object; charters are
    read with YAML 1.2's core schema, where it is a string, as the schema says."""


Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


def files_of(root):
    if not os.path.isdir(root):
        yield root
        return
    for d, dirs, names in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        for n in sorted(names):
            if n.endswith(".charter.yaml") or n.endswith(".charter.yml"):
                yield os.path.join(d, n)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    schema = json.load(open(sys.argv[1]))
    validator = jsonschema.Draft7Validator(schema)
    invalid = 0
    for root in sys.argv[2:]:
        for f in files_of(root):
            with open(f, encoding="utf-8") as fh:
                doc = yaml.load(fh, Loader=Loader)
            error = jsonschema.exceptions.best_match(validator.iter_errors(doc))
            if error is not None:
                invalid += 1
                if invalid <= 5:
                    print("%s: %s" % (f, error.message), file=sys.stderr)
    sys.exit(1 if invalid else 0)


if __name__ == "__main__":
    main()
