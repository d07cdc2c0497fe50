// A connected database: the pg pool and the Prisma client over it.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { createPool, type ObservedPool, type PoolOptions } from './pool.js';

export interface Database {
  readonly url: string;
  readonly pool: ObservedPool;
  readonly prisma: PrismaClient;
  close(): Promise<void>;
}

export function connectDatabase(url: string, options: PoolOptions = {}): Database {
  const pool = createPool(url, options);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    url,
    pool,
    prisma,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
