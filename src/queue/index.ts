/**
 * The job runners behind the application's JobRunner port (src/app/ports/job-runner.ts): BullMQ on
 * Redis (`REDIS_URL`) or in-process timers. The jobs themselves (submission, status, notifications)
 * are the application's; this folder only runs them.
 */
export { createBullmqRunner, type BullmqRunnerOptions } from './bullmq-runner.ts';
export { createInProcessRunner, type InProcessRunnerOptions } from './in-process-runner.ts';
