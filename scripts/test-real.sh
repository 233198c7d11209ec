#!/usr/bin/env bash
# Runs every policy against real Postgres and Redis. Defaults to the local servers; override with
# DATABASE_URL / REDIS_URL. Each run works in a schema and a key prefix of its own and removes them after.
set -euo pipefail
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export NODE_OPTIONS="--import tsx"
mkdir -p reports/real
echo '{ "backend": "real" }' > reports/real/run-meta.json
exec npx cucumber-js --profile real "$@"
