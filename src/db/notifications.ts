// PostgreSQL LISTEN/NOTIFY for the whole process: one dedicated connection, opened
// when the first handler listens, re-opened after it drops. A NOTIFY sent inside a
// transaction is delivered at COMMIT and never after a ROLLBACK, to every process
// listening on the database — which is what live updates need.
import pg from 'pg';

export interface Notifications {
  /**
   * Calls `handler` with each payload NOTIFYed on `channel`; resolves (with an unlisten function) once listening.
   * `gaps`: told when the connection drops (what is NOTIFYed until it is back is lost) and when it listens again.
   */
  listen(channel: string, handler: (payload: string) => void, gaps?: NotificationGaps): Promise<() => void>;
  close(): Promise<void>;
}

export interface NotificationGaps {
  lost(): void;
  restored(): void;
}

const RECONNECT_MS = 1000;

export function createNotifications(connectionString: string): Notifications {
  const handlers = new Map<string, Set<(payload: string) => void>>();
  const gapWatchers = new Set<NotificationGaps>();
  let client: Promise<pg.Client> | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let everConnected = false;

  function connect(): Promise<pg.Client> {
    if (client) return client;
    const reconnecting = everConnected;
    const connection: Promise<pg.Client> = (async () => {
      const c = new pg.Client({ connectionString, application_name: 'scholargraph-listen' });
      c.on('notification', (message) => {
        for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
      });
      const lost = () => {
        if (client === connection) for (const watcher of gapWatchers) watcher.lost();
        client = undefined;
        c.removeAllListeners('end');
        if (!closed && [...handlers.values()].some((set) => set.size)) {
          retry = setTimeout(() => void connect().catch(lost), RECONNECT_MS);
        }
      };
      c.on('error', lost);
      c.on('end', lost);
      await c.connect();
      for (const [channel, set] of handlers) if (set.size) await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      everConnected = true;
      if (reconnecting) for (const watcher of gapWatchers) watcher.restored();
      return c;
    })();
    client = connection;
    return client;
  }

  return {
    async listen(channel, handler, gaps) {
      if (closed) throw new Error('notifications are closed');
      if (gaps) gapWatchers.add(gaps);
      let set = handlers.get(channel);
      const first = !set?.size;
      if (!set) handlers.set(channel, (set = new Set()));
      set.add(handler);
      const c = await connect();
      if (first) await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      return () => {
        set.delete(handler);
        if (gaps) gapWatchers.delete(gaps);
      };
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const c = await client?.catch(() => undefined);
      client = undefined;
      c?.removeAllListeners('end');
      await c?.end().catch(() => {});
    },
  };
}
