// Postgres connection pool. Credentials come from the environment (DATABASE_URL), never from code.
import { Pool } from 'pg';

const connectionString = process.env.DATABASE_URL;
if (!connectionString) {
  throw new Error('DATABASE_URL is not set (see .env.example)');
}

const dbPassword = process.env.DB_PASSWORD;

export const pool = new Pool({
  connectionString,
  password: dbPassword,
  max: Number(process.env.DB_POOL_SIZE ?? 10),
  idleTimeoutMillis: 30_000,
  ssl: process.env.NODE_ENV === 'production' ? { rejectUnauthorized: true } : undefined,
});

export async function recordPayment(intentId: string, amount: number, currency: string): Promise<void> {
  await pool.query(
    'INSERT INTO payments (intent_id, amount, currency, created_at) VALUES ($1, $2, $3, now())',
    [intentId, amount, currency],
  );
}
