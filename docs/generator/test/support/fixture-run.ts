// A fixture of features and plain-JS steps run through Cucumber's API in this process: what `runStressFixture`
// (docs/generator/stress-fixture.ts) gets from cucumber-js's command line, without a Node and Cucumber start per
// run (about 0.5 CPU-s each). A step file is imported once per process, so each folder's steps are loaded once and
// reused by every run of that folder.
import { Writable } from 'node:stream';
import { loadConfiguration, loadSupport, runCucumber } from '@cucumber/cucumber/api';
import { FIXTURE_GLOBS, FIXTURE_ROOT } from '../../stress-fixture.ts';

export interface FixtureRunOptions {
  /** The fixture's folder (features/ and steps.mjs): the stress fixture's unless given. */
  root?: string;
  /** One shard of the run (`--shard 2/3`). */
  shard?: string;
  /** Retry a failed @flaky scenario once, as `runStressFixture` does (the default). */
  retry?: boolean;
}

const supports = new Map<string, ReturnType<typeof loadSupport>>();
const discarded = () => new Writable({ write: (_chunk, _encoding, done) => done() });

/** Runs the fixture into `messagesPath` (the run itself fails on purpose) and returns that path. */
export async function runFixture(messagesPath: string, options: FixtureRunOptions = {}): Promise<string> {
  const { root = FIXTURE_ROOT, shard, retry = true } = options;
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        paths: FIXTURE_GLOBS,
        import: ['steps.mjs'],
        format: [`message:${messagesPath}`],
        ...(retry ? { retry: 1, retryTagFilter: '@flaky' } : {}),
        ...(shard ? { shard } : {}),
      },
    },
    { cwd: root },
  );
  const support = supports.get(root) ?? loadSupport(runConfiguration, { cwd: root });
  supports.set(root, support);
  await runCucumber(
    { ...runConfiguration, support: await support },
    { cwd: root, stdout: discarded(), stderr: discarded() },
  );
  return messagesPath;
}
