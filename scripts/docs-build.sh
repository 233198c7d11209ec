#!/usr/bin/env bash
# `npm run docs:build [-- <options of docs:generate>]`: the policy pages from the last run (options such as several
# --messages of a sharded run, or --since <git ref>, go to docs/generator/cli.ts), the contract pages, the example
# run, then the site into docs/build (TypeDoc's API pages are written by the build itself).
# MARTBOOK_SITE_PARTS=prebuilt: the API pages and the example run were written already by scripts/site-parts.sh
# (`npm test` does, beside the policy run); neither is written again.
set -euo pipefail
tsx docs/generator/cli.ts "$@"
tsx docs/generator/contracts-cli.ts
if [[ "${MARTBOOK_SITE_PARTS:-}" != prebuilt ]]; then
  tsx docs/generator/stress-fixture.ts docs/content/example-run
fi
docusaurus build docs
