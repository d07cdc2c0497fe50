// A connected database: the pg pool, the Prisma client over it, and LISTEN/NOTIFY.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { type Canceller, createCanceller } from './cancel.js';
import { createNotifications, type Notifications } from './notifications.js';
import { createPool, type ObservedPool, type PoolOptions } from './pool.js';

export interface Database {
  readonly url: string;
  readonly pool: ObservedPool;
  readonly prisma: PrismaClient;
  /** LISTEN/NOTIFY on its own connection (opened on first use). */
  readonly notifications: Notifications;
  /** Cancels a backend's running statement (a request whose client went away). */
  readonly canceller: Canceller;
  close(): Promise<void>;
}

/**
 * `url` for the pool; `directUrl` (default `url`) for LISTEN/NOTIFY, which needs a session of its own: with a pooler in
 * transaction mode in `url`, PostgreSQL itself.
 */
export function connectDatabase(url: string, options: PoolOptions & { directUrl?: string } = {}): Database {
  const { directUrl = url, ...poolOptions } = options;
  const pool = createPool(url, poolOptions);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const notifications = createNotifications(directUrl);
  return {
    url,
    pool,
    prisma,
    notifications,
    canceller: createCanceller(),
    async close() {
      await notifications.close();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
