// A value of the run that a policy page shows (a step's or scenario's duration), written by the page generator as
// `<policy-run-value n="…">` (docs/generator/run-values.ts) and rendered here (registered for Markdown in
// src/theme/MDXComponents.js) from the page's per-run front matter `run_values` (docs/run-front-matter.ts).
import { useDoc } from '@docusaurus/plugin-content-docs/client';

export default function RunValue({ n }) {
  const { metadata } = useDoc();
  return metadata.frontMatter.run_values?.[Number(n)] ?? '';
}
