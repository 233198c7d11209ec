// A worker process of the audit (pool.ts): loads the support code once, then runs the batches it is sent in one
// Cucumber test run, and closes it (AfterAll hooks) when told to.
import { loadConfiguration, loadSupport } from '@cucumber/cucumber/api';
import { LocalRunner, type Job } from './run.ts';

type Message = { type: 'run'; id: number; jobs: Job[]; timeoutMs: number } | { type: 'close' };

const importPaths = JSON.parse(process.argv[2] ?? 'null') as string[] | null;
const send = (message: unknown) => process.send!(message);

try {
  const { runConfiguration } = await loadConfiguration(
    importPaths ? { file: false, provided: { import: importPaths } } : { file: 'cucumber.mjs' },
  );
  const runner = new LocalRunner(runConfiguration, await loadSupport(runConfiguration));
  await runner.open();
  // One batch at a time, in the order sent: the pool sends the next while this one runs.
  let last: Promise<unknown> = Promise.resolve();
  process.on('message', (message: Message) => {
    if (message.type === 'close') {
      void last.then(() => runner.close()).finally(() => process.disconnect());
      return;
    }
    last = last.then(() =>
      runner.run(message.jobs, message.timeoutMs).then(
        (outcomes) => send({ type: 'done', id: message.id, outcomes }),
        (error: unknown) => send({ type: 'failed', id: message.id, error: String(error) }),
      ),
    );
  });
  send({ type: 'ready' });
} catch (error) {
  // Exits once the message is on its way: the audit reports the cause, not only that the worker went.
  process.send!({ type: 'failed', id: -1, error: `the worker could not load the support code: ${String(error)}` }, () =>
    process.exit(1),
  );
}
