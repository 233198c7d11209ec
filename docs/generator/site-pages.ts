// tsx docs/generator/site-pages.ts [options of docs:generate]: the site's pages that come from the run, in one
// process — the policy pages (cli.ts, with these options), then the contract pages (contracts-cli.ts), which read
// the scenarios the policy pages wrote. scripts/docs-build.sh runs it before building the site.
import { generatePolicyPages } from './cli.ts';
import { writeContractPages } from './contracts-cli.ts';

generatePolicyPages(process.argv.slice(2));
await writeContractPages();
