import type { RunnerTestFile as File, RunnerTask as Task } from 'vitest';
import type { Reporter } from 'vitest/reporters';

/** Counts the test results of a task tree. */
function count(tasks: readonly Task[], totals: { passed: number; failed: number; skipped: number }): void {
  for (const task of tasks) {
    if (task.type === 'suite') {
      count(task.tasks, totals);
      if (task.result?.state === 'fail' && task.tasks.length === 0) totals.failed++;
      continue;
    }
    const state = task.result?.state;
    if (state === 'pass') totals.passed++;
    else if (state === 'fail') totals.failed++;
    else totals.skipped++;
  }
}

/**
 * Prints one plain closing line, `N passed, N failed, N skipped`, after vitest's own summary, so CI
 * logs can be read by tools that do not know vitest's format. A file that failed to load counts as a
 * failure.
 */
export default class PlainSummaryReporter implements Reporter {
  onFinished(files: File[] = []): void {
    const totals = { passed: 0, failed: 0, skipped: 0 };
    for (const file of files) {
      if (file.result?.state === 'fail' && file.tasks.length === 0) totals.failed++;
      count(file.tasks, totals);
    }
    console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  }
}
