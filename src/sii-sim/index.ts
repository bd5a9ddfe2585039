/**
 * The local SII (sii-sim): a stand-in for the SII's web services and upload gateway, for tests and the
 * embedded `npm start`. See README.md in this folder.
 */
export { createSiiSimulator, readAuthorityCertificate } from './sii-simulator.ts';
export type { SiiSimulator } from './sii-simulator.ts';
export type { SiiSimulatorOptions } from './simulator-options.ts';
export type { SimulatedCompany } from './caratula-checks.ts';
export type { EnvelopeSummary } from './admin-endpoints.ts';
export { FAULT_SERVICES, NO_FAULTS } from './faults.ts';
export type { FaultService, FaultSettings } from './faults.ts';
export { seededRandom } from './seeded-random.ts';
export type { DocumentResult, EnvelopeState, EnvelopeVerdict, StepDurations, TypeCount } from './simulator-records.ts';
export type { RevisionError } from './revision-codes.ts';
export { SIMULATOR_ONLY_CODES } from './revision-codes.ts';
export type { ClockReading } from './simulator-clock.ts';
export type { AnswerLoss, UploadRule } from './upload-rules.ts';
export type { HoldRule } from './hold-rules.ts';
export type { HoldState } from './simulator-records.ts';
export type { RegistryAction, RegistryEventRecord } from './registry-records.ts';
export type { RegistryResult, ListedEvent } from './registry-service.ts';
