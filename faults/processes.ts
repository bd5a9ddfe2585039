import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A child process of the suite and the URL it printed once listening. */
export interface Started {
  child: ChildProcess;
  url: string;
}

/** Starts `args` with tsx and waits for the first `http://127.0.0.1:PORT` it prints. */
export async function startProcess(args: string[], environment: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...environment }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.resume();
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start within 60 s`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before listening`)));
    lines.on('line', (line) => {
      const found = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
  });
  child.removeAllListeners('exit');
  return { child, url };
}

/** Ends a process: SIGKILL when `kill`, else SIGTERM; resolves once it exited. */
export async function stopProcess(child: ChildProcess, kill = false): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(kill ? 'SIGKILL' : 'SIGTERM');
  await exited;
}
