import { readFileSync } from 'node:fs';
import { parseEnvelope } from '@cucumber/messages';
import { Query } from '@cucumber/query';

/** What the last run itself says, counted by Cucumber's own query library: the truth the site must show. */
export function countsOfRun(messagesPath: string): { passed: number; failed: number; total: number } {
  const query = new Query();
  for (const line of readFileSync(messagesPath, 'utf8').split('\n')) if (line.trim()) query.update(parseEnvelope(line));
  const byStatus = query.countMostSevereTestStepResultStatus();
  return {
    passed: byStatus.PASSED,
    failed: byStatus.FAILED + byStatus.AMBIGUOUS,
    total: Object.values(byStatus).reduce((sum, n) => sum + n, 0),
  };
}
