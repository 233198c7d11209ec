// A history strip, written by the page generator (docs/generator/render-history.ts) as
// `<policy-history of="scenario" n="3">` in a policy page and rendered here (registered for Markdown in
// src/theme/MDXComponents.js): a letter per run whose accessible name and tooltip say its status, attempts and run.
// The runs are the page's per-run front matter (docs/run-front-matter.ts: read from the doc's metadata, which holds
// this run's): `run_values[n]` the strip itself (`passed failed/2 …`), `history_runs` the runs' labels.
import React from 'react';
import { useDoc } from '@docusaurus/plugin-content-docs/client';
import { historyCells, historyName } from './history-runs.ts';

export default function HistoryStrip({ of, n }) {
  const { metadata } = useDoc();
  const { run_values: runs = [], history_runs: labels = [] } = metadata.frontMatter;
  const cells = historyCells(runs[Number(n)] ?? '', labels);
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
