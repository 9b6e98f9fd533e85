#!/bin/sh
# Validate SARIF files against the OASIS SARIF 2.1.0 schema checked in at
# tests/data/sarif/sarif-schema-2.1.0.json (errata01, JSON Schema draft-04).
#   sh tests/sarif-validate.sh FILE...      exit 0 valid, 1 invalid, 2 usage / no validator
# Needs python3 with the jsonschema module (Debian: python3-jsonschema; `make report-deps`).
here=$(dirname "$0")
schema="$here/data/sarif/sarif-schema-2.1.0.json"
if [ $# -eq 0 ]; then
	echo "usage: $0 FILE.sarif..." >&2
	exit 2
fi
if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import jsonschema' 2>/dev/null; then
	echo "sarif-validate: python3 with the jsonschema module is missing (make report-deps)" >&2
	exit 2
fi
exec python3 - "$schema" "$@" <<'PY'
import json, sys
import jsonschema

with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
# The schema declares draft-04; pick that validator explicitly (it has no network $refs).
cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft4Validator)
cls.check_schema(schema)
validator = cls(schema)
bad = 0
for path in sys.argv[2:]:
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{path}: not JSON: {e}", file=sys.stderr)
        bad += 1
        continue
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors[:20]:
        loc = "/".join(str(p) for p in e.absolute_path) or "(root)"
        print(f"{path}: {loc}: {e.message}", file=sys.stderr)
    if errors:
        bad += 1
    else:
        print(f"{path}: valid SARIF 2.1.0")
sys.exit(1 if bad else 0)
PY
