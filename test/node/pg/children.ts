/** BFF child processes (`node --import tsx bff/server.ts`) for tests that need several instances or a kill -9. */
import { spawn, type ChildProcess } from 'node:child_process';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Api, tempDir, testEnv } from '../bff/harness.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Child {
  process: ChildProcess;
  url: string;
  api: Api;
  exited: Promise<number | null>;
  output(): string;
}

/** Starts a BFF; resolves once it prints where it listens (rejects with its output if it exits first). */
export async function spawnBff(t: TestContext, env: Record<string, string>, dataDir?: string): Promise<Child> {
  const dir = dataDir ?? (await tempDir(t));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bff/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...testEnv(dir), NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  child.stdout!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the BFF did not start: ${output}`)), 30_000);
    const look = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`the BFF exited (${code}) before listening: ${output}`), { code, output }));
    });
  });
  return { process: child, url, exited, api: new Api((path, init) => fetch(`${url}${path}`, init)), output: () => output };
}
