#!/usr/bin/env bash
# `npm start`: runs every policy on the embedded default, publishes the run as the docs site and serves it.
# A failing policy does not stop it: the site shows the failure.
set -uo pipefail
NODE_OPTIONS="--import tsx" npx cucumber-js --format summary
echo
npm run --silent docs:build || exit 1
echo
echo "martbook is served on http://localhost:3000 (Ctrl+C to stop)"
exec npm run --silent serve
