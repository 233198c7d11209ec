#!/usr/bin/env bash
# The site's pages that do not depend on the policy run: TypeDoc's API pages (docs/content/api) and the example
# run (docs/content/example-run). `npm test` writes them beside the policy run, then builds the rest of the site
# with MARTBOOK_SITE_PARTS=prebuilt (scripts/docs-build.sh).
set -euo pipefail
tsx scripts/api-pages.ts
tsx docs/generator/stress-fixture.ts docs/content/example-run
