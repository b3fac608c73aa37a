charter calendar several --as-of 2026-04-01
