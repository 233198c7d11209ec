// Wraps the theme's doc content: a page whose front matter names `scenario_data` (the policy overview, written by
// docs/generator) gets the scenario filter under its content.
import React from 'react';
import Content from '@theme-original/DocItem/Content';
import { useDoc } from '@docusaurus/plugin-content-docs/client';
import ScenarioFilter from '@site/src/components/ScenarioFilter';

export default function ContentWrapper(props) {
  const { frontMatter } = useDoc();
  const src = frontMatter.scenario_data;
  return (
    <>
      <Content {...props} />
      {typeof src === 'string' && <ScenarioFilter src={src} />}
    </>
  );
}
