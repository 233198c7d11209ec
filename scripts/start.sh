#!/usr/bin/env bash
# `npm start`: runs every policy on the embedded default and says where the results are. A failing policy is
# reported, not hidden: the reports show it. (Serving the results as a site comes with the docs site.)
set -uo pipefail
NODE_OPTIONS="--import tsx" npx cucumber-js --format summary
status=$?
echo
echo "Policy results:"
echo "  reports/cucumber-report.html      open in a browser"
echo "  reports/cucumber-messages.ndjson  Cucumber messages, the source for the docs site"
echo "  reports/cucumber-junit.xml        JUnit, for CI dashboards"
exit $status
