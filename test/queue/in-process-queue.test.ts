import { createInProcessRunner } from '../../src/queue/index.ts';
import { describeQueueConformance } from './conformance/queue-conformance.ts';

describeQueueConformance('in-process runner', (policies) => createInProcessRunner({ policies }));
