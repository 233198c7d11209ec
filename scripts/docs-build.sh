#!/usr/bin/env bash
# `npm run docs:build [-- <options of docs:generate>]`: the policy pages from the last run (options such as several
# --messages of a sharded run, or --since <git ref>, go to docs/generator/cli.ts), the contract pages, the example
# run, then the site into docs/build.
set -euo pipefail
tsx docs/generator/cli.ts "$@"
tsx docs/generator/contracts-cli.ts
tsx docs/generator/stress-fixture.ts docs/content/example-run
docusaurus build docs
