/**
 * The application's ports. Driving ports (services.ts) are what front ends call: HTTP, the CLI, the
 * agent's tools, Slack and the eval runner. Driven ports are what the application needs of the world
 * and adapters implement: the store, the SII gateway, the job runner, listeners and observers.
 * Adapters import from here and from src/core, never from each other.
 */
export * from './job-runner.ts';
export * from './jobs.ts';
export type * from './records.ts';
export * from './services.ts';
export * from './views.ts';
export * from './sii-gateway.ts';
export type * from './registry-gateway.ts';
export * from './registry-records.ts';
export type * from './registry-service.ts';
export type * from './store.ts';
export type * from './submission-observer.ts';
export type * from './dispatcher.ts';
export type * from './listeners.ts';
export type * from './code-catalog.ts';
export type * from './printer.ts';
export * from './agent.ts';
export type * from './mail.ts';
export type * from './received.ts';
export type * from './received-service.ts';
export type * from './logger.ts';
