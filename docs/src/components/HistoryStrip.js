// A history strip, written by the page generator (docs/generator/render-history.ts) as
// `<policy-history of="scenario" runs="passed failed/2 …">` in a policy page and rendered here (registered for
// Markdown in src/theme/MDXComponents.js): a letter per run whose accessible name and tooltip say its status,
// attempts and run, from the page's per-run front matter `history_runs` (docs/run-front-matter.ts: read from the doc's
// metadata, which holds this run's).
import React from 'react';
import { useDoc } from '@docusaurus/plugin-content-docs/client';
import { historyCells, historyName } from './history-runs.ts';

export default function HistoryStrip({ of, runs }) {
  const { metadata } = useDoc();
  const cells = historyCells(runs, metadata.frontMatter.history_runs ?? []);
  return (
    <span
      className="policy-history"
      data-testid="history-strip"
      role="group"
      aria-label={historyName(of, cells.length)}
    >
      {cells.map(({ outcome, letter, label }, index) => (
        <span key={index} className="policy-run" data-outcome={outcome} role="img" aria-label={label} title={label}>
          {letter}
        </span>
      ))}
    </span>
  );
}
