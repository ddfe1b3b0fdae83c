/**
 * A stand-in for the Bot Framework connector service: accepts the replies CloudAdapter posts
 * to `{serviceUrl}/v3/conversations/{id}/activities/{replyToId}` and answers with an id.
 */
import { createServer } from 'node:http';
import { serveInChild } from './child';

serveInChild(
  () =>
    new Promise((resolve) => {
      let n = 0;
      const server = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: `reply-${++n}` }));
        });
      });
      server.keepAliveTimeout = 60_000;
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    }),
);
