/** One autocannon measurement: 10 connections on loopback against one URL. */
import autocannon from 'autocannon';

export interface LoadResult {
  /** 2xx answers per second. */
  perSecond: number;
  /** 2xx answers in all. */
  answered: number;
  p50Ms: number;
  p99Ms: number;
  /** Anything but a 2xx (a broken run must not count as a fast one). */
  failures: number;
}

export async function load(url: string, headers: Record<string, string>, seconds: number, connections = 10): Promise<LoadResult> {
  const result = await autocannon({ url, headers, connections, duration: seconds });
  return {
    perSecond: result['2xx'] / result.duration,
    answered: result['2xx'],
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
