// The Node HTTP server around the Yoga handler, with the limits a public server needs:
// a slow client cannot hold a socket for Node's default five minutes, and the number of
// open sockets is capped (node:http Server properties, https://nodejs.org/api/http.html#class-httpserver).
import { createServer, type RequestListener, type Server } from 'node:http';
import { CONFIG_DEFAULTS, type HttpServerSettings } from '../config.js';

export const DEFAULT_HTTP_SETTINGS: HttpServerSettings = {
  headersTimeout: CONFIG_DEFAULTS.headersTimeout,
  requestTimeout: CONFIG_DEFAULTS.requestTimeout,
  keepAliveTimeout: CONFIG_DEFAULTS.keepAliveTimeout,
  maxConnections: CONFIG_DEFAULTS.maxConnections,
};

export function createHttpServer(handler: RequestListener, settings: HttpServerSettings = DEFAULT_HTTP_SETTINGS): Server {
  const server = createServer(
    {
      // Headers, then the whole request (body included), must arrive within these; Node
      // answers 408 and closes the socket otherwise.
      headersTimeout: settings.headersTimeout,
      requestTimeout: settings.requestTimeout,
      keepAliveTimeout: settings.keepAliveTimeout,
      // Node checks the two timeouts above every connectionsCheckingInterval ms (default 30 s).
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, settings.headersTimeout)),
    },
    handler,
  );
  // Sockets past the cap are closed as soon as they are accepted.
  if (settings.maxConnections > 0) server.maxConnections = settings.maxConnections;
  return server;
}
