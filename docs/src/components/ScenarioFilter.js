// Filters every scenario of a run by status, domain, tag and incident, in the browser (no reload). Reads the JSON
// the page generator wrote (docs/generator/scenario-data.ts), served at /data/<overview route>.json. React
// renders every name as text, so nothing from a feature becomes markup.
import React, { useEffect, useMemo, useState } from 'react';
import Link from '@docusaurus/Link';
import useBaseUrl from '@docusaurus/useBaseUrl';

const GROUPS = [
  ['passed', 'Passed', ['passed']],
  ['failed', 'Failed', ['failed', 'ambiguous']],
  ['not-implemented', 'Not implemented', ['undefined', 'pending']],
  ['skipped', 'Skipped', ['skipped']],
  ['not-run', 'Not run', ['not-run', 'unknown']],
];
const LABELS = {
  passed: 'passed',
  failed: 'failed',
  ambiguous: 'ambiguous',
  undefined: 'not implemented (undefined)',
  pending: 'not implemented (pending)',
  skipped: 'skipped',
  unknown: 'unknown (did not finish)',
  'not-run': 'not run',
};
const INCIDENT = /^@incident-/;
const SHOWN = 200;

function Select({ id, label, value, onChange, options }) {
  return (
    <div className="scenario-filter__field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">all</option>
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </div>
  );
}

const sorted = (values) => [...new Set(values)].sort((a, b) => a.localeCompare(b));

export default function ScenarioFilter({ src }) {
  const url = useBaseUrl(src);
  const [data, setData] = useState(undefined);
  const [error, setError] = useState(undefined);
  const [status, setStatus] = useState('');
  const [domain, setDomain] = useState('');
  const [tag, setTag] = useState('');
  const [incident, setIncident] = useState('');

  useEffect(() => {
    let live = true;
    fetch(url)
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`${response.status} for ${url}`))))
      .then((json) => live && setData(json))
      .catch((reason) => live && setError(String(reason)));
    return () => {
      live = false;
    };
  }, [url]);

  const scenarios = data?.scenarios ?? [];
  const options = useMemo(() => {
    const tags = scenarios.flatMap((scenario) => scenario.tags);
    return {
      domains: sorted(scenarios.map((scenario) => scenario.domain)).map((value) => [value, value]),
      tags: sorted(tags).map((value) => [value, value]),
      incidents: sorted(tags.filter((value) => INCIDENT.test(value))).map((value) => [
        value,
        value.replace(INCIDENT, ''),
      ]),
    };
  }, [scenarios]);
  const matching = useMemo(() => {
    const members = GROUPS.find(([group]) => group === status)?.[2];
    return scenarios.filter(
      (scenario) =>
        (!members || members.includes(scenario.status)) &&
        (!domain || scenario.domain === domain) &&
        (!tag || scenario.tags.includes(tag)) &&
        (!incident || scenario.tags.includes(incident)),
    );
  }, [scenarios, status, domain, tag, incident]);

  const base = data ? data.slug.replace(/\/$/, '') : '';
  return (
    <section className="scenario-filter" aria-label="Find a scenario" data-testid="scenario-filter">
      <div className="scenario-filter__fields">
        <Select
          id="filter-status"
          label="Status"
          value={status}
          onChange={setStatus}
          options={GROUPS.map(([group, label]) => [group, label])}
        />
        <Select id="filter-domain" label="Domain" value={domain} onChange={setDomain} options={options.domains} />
        <Select id="filter-tag" label="Tag" value={tag} onChange={setTag} options={options.tags} />
        <Select
          id="filter-incident"
          label="Incident"
          value={incident}
          onChange={setIncident}
          options={options.incidents}
        />
      </div>
      {error && <p role="alert">The scenario list could not be loaded ({error}).</p>}
      {!data && !error && <p>Loading the scenarios…</p>}
      {data && (
        <>
          <p aria-live="polite">
            <span data-testid="filter-count">{matching.length}</span> of {scenarios.length} scenarios
            {matching.length > SHOWN ? ` (the first ${SHOWN} shown)` : ''}
          </p>
          <ul className="scenario-filter__list" data-testid="filter-results">
            {matching.slice(0, SHOWN).map((scenario, index) => (
              <li key={`${scenario.page}#${scenario.anchor}#${index}`} data-status={scenario.status}>
                <span className={`policy-status policy-status--${scenario.status}`} data-status={scenario.status}>
                  {LABELS[scenario.status] ?? scenario.status}
                </span>{' '}
                <Link to={`${base}/${scenario.page.replace(/\.md$/, '')}#${scenario.anchor}`}>
                  {scenario.feature} › {scenario.name}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
