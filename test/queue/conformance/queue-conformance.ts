import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { QueueWorld, type RunnerFactory } from '../support/queue-world.ts';
import { notificationTests } from './notification-tests.ts';
import { runnerTests } from './runner-tests.ts';
import { submissionTests } from './submission-tests.ts';
import { verdictTests } from './verdict-tests.ts';

/**
 * The queue's conformance suite: the same tests on every JobRunner (in-process and BullMQ), with an
 * in-memory PGlite store, a scripted fake SII per company, a webhook receiver and a fake Odoo.
 */
export function describeQueueConformance(name: string, createRunner: RunnerFactory): void {
  describe(`queue conformance: ${name}`, () => {
    let world: QueueWorld | undefined;
    const current = (): QueueWorld => {
      if (world === undefined) throw new Error('The world is not open.');
      return world;
    };
    beforeAll(async () => {
      world = await QueueWorld.open();
    });
    afterEach(async () => {
      await world?.closeQueues();
    });
    afterAll(async () => {
      await world?.close();
    });
    describe('runner', () => runnerTests(createRunner));
    describe('submission', () => submissionTests(current, createRunner));
    describe('verdicts', () => verdictTests(current, createRunner));
    describe('telling others', () => notificationTests(current, createRunner));
  });
}
