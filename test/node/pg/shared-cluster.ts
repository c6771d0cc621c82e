/**
 * The one PostgreSQL cluster of a test process: the one scripts/test-pg.ts
 * started for the whole run (KYC_TEST_PG_URL), or one started here on first
 * use and removed when the process exits. Each caller gets a fresh database,
 * copied from a migrated template (faster than migrating each).
 */
import pg from 'pg';
import { migrate } from '../../../bff/store/pg/schema.js';
import { startCluster, type Cluster } from './cluster.js';

let adminUrl: Promise<string> | null = null;
let template: Promise<string> | null = null;
let made = 0;

function admin(): Promise<string> {
  adminUrl ??= (async () => {
    if (process.env.KYC_TEST_PG_URL) return process.env.KYC_TEST_PG_URL;
    const cluster: Cluster = await startCluster({ settings: { fsync: 'off' } });
    process.on('exit', () => cluster.destroy());
    return cluster.url();
  })();
  return adminUrl;
}

function withDb(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function run(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, migrated, empty database on the shared cluster; its URL. */
export async function freshDatabase(): Promise<string> {
  const url = await admin();
  template ??= (async () => {
    const name = `kyc_template_${process.pid}`;
    await run(url, `CREATE DATABASE ${name}`);
    const pool = new pg.Pool({ connectionString: withDb(url, name), max: 1 });
    try {
      await migrate(pool);
    } finally {
      await pool.end();
    }
    return name;
  })();
  const source = await template;
  const name = `kyc_${process.pid}_${++made}`;
  await run(url, `CREATE DATABASE ${name} TEMPLATE ${source}`);
  return withDb(url, name);
}

/** Which store the BFF contract suite runs on (KYC_TEST_STORE=postgres, else the files). */
export const testStore: 'file' | 'postgres' = process.env.KYC_TEST_STORE === 'postgres' ? 'postgres' : 'file';
