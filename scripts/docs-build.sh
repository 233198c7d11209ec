#!/usr/bin/env bash
# `npm run docs:build [-- <options of docs:generate>]`: the policy pages from the last run and the contract pages
# (docs/generator/site-pages.ts, one process; options such as several --messages of a sharded run, or --since
# <git ref>, go to docs/generator/cli.ts), the example run, then the site into docs/build (TypeDoc's API pages are
# written by the build itself).
# MARTBOOK_SITE_PARTS=prebuilt (`npm test`): the API pages and the example run were written already by
# scripts/site-parts.ts, and neither is written again; the site is built for its browser tests, not to be published,
# so its scripts and HTML are not minified (with Rspack's cache from the last build: about 16 CPU-s instead of 25).
# `--no-minify` leaves the HTML to Docusaurus's minifier (about 1 CPU-s for 170 pages): SKIP_HTML_MINIFICATION skips it.
set -euo pipefail
# Rspack keeps a cache folder per compiler, configuration and working tree, and never removes one (a Docusaurus
# upgrade, a changed theme component, a git worktree each leave theirs, about 75 MB a compiler): one not written
# for a day goes (Rspack 2's cache.maxAge does this itself).
for cache in node_modules/.cache/rspack/*/; do
  [[ -d $cache && -z $(find "$cache" -maxdepth 1 -newermt '-1 day' -print -quit) ]] && rm -rf "$cache"
done
# node --import tsx rather than the tsx command, which runs Node once more as a child (about 0.1 CPU-s).
node --import tsx docs/generator/site-pages.ts "$@"
if [[ "${MARTBOOK_SITE_PARTS:-}" != prebuilt ]]; then
  tsx docs/generator/stress-fixture.ts docs/content/example-run
  docusaurus build docs
else
  SKIP_HTML_MINIFICATION=true docusaurus build docs --no-minify
fi
