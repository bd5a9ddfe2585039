/**
 * Whether npm or npx started this process (`npm start`, `npm run …`, `npx dte …`): they set
 * `npm_lifecycle_event` or `npm_command` in the script's environment. src/cli/stop-signals.ts watches
 * such a process's parent, because npm does not pass SIGTERM on to it.
 */
export function launchedByNpm(environment: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return environment['npm_lifecycle_event'] !== undefined || environment['npm_command'] !== undefined;
}
