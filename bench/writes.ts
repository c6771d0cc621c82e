/**
 * Durable writes: snapshot PUTs from `connections` concurrent applicants,
 * each re-storing the persisted state it already has with the same context
 * (a legal move, as after a retake) and taking turns over its own
 * workflows. Every 200 is a write the BFF made durable before answering.
 * The floor is the disk's own rate of fsync'd 1 KB appends.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { OwnedWorkflow } from './seed.js';

export interface WriteRound {
  writes: number;
  seconds: number;
  perSecond: number;
  latenciesMs: number[];
  failures: Record<string, number>;
}

/** PUTs for `durationMs`; keeps each workflow's version up to date in `owned`. */
export async function putLoad(url: string, owned: OwnedWorkflow[], connections: number, durationMs: number): Promise<WriteRound> {
  const latenciesMs: number[] = [];
  const failures: Record<string, number> = {};
  const started = performance.now();
  const end = started + durationMs;
  const client = async (lane: number) => {
    const mine = owned.filter((_, k) => k % connections === lane);
    for (let turn = 0; performance.now() < end && mine.length; turn++) {
      const workflow = mine[turn % mine.length];
      const sent = performance.now();
      const response = await fetch(`${url}/api/v1/workflows/${workflow.id}/snapshot`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${workflow.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ state: workflow.state, context: workflow.context, version: workflow.version }),
      });
      const body = (await response.json()) as { version?: number };
      if (response.status === 200 && typeof body.version === 'number') {
        latenciesMs.push(performance.now() - sent);
        workflow.version = body.version;
      } else {
        failures[response.status] = (failures[response.status] ?? 0) + 1;
        if (response.status === 409 && typeof body.version === 'number') workflow.version = body.version;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(connections, owned.length) }, (_, lane) => client(lane)));
  const seconds = (performance.now() - started) / 1000;
  return { writes: latenciesMs.length, seconds, perSecond: latenciesMs.length / seconds, latenciesMs, failures };
}

/** fsync'd 1 KB appends per second to a fresh file in `parent`, one after another. */
export function fsyncAppendRate(parent: string, durationMs: number): number {
  const dir = mkdtempSync(join(parent, 'kyc-bench-fsync-'));
  const fd = openSync(join(dir, 'append.log'), 'a');
  const block = Buffer.alloc(1024, 0x61);
  let count = 0;
  const started = performance.now();
  try {
    while (performance.now() - started < durationMs) {
      writeSync(fd, block);
      fsyncSync(fd);
      count++;
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return count / ((performance.now() - started) / 1000);
}
