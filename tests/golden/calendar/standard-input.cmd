charter calendar - --as-of 2026-01-01 --format json
