/**
 * The baseline: botbuilder's echo sample on `POST /api/messages`: a CloudAdapter and an
 * `ActivityHandler` echo bot (`bench/botbuilder.ts` explains the bot's shape). No app id, so no
 * authentication; replies go to the activity's `serviceUrl` (the fake connector).
 */
import { createServer } from 'node:http';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { EchoBot } from '../botbuilder';
import { serveInChild } from './child';

serveInChild(async () => {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new EchoBot();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // The express-like request and response shapes CloudAdapter.process expects.
      const request = { body: JSON.parse(Buffer.concat(chunks).toString('utf8')), headers: req.headers, method: req.method };
      const response = {
        socket: res.socket,
        status: (code: number) => void (res.statusCode = code),
        header: (name: string, value: unknown) => void res.setHeader(name, String(value)),
        send: (body?: unknown) => void res.write(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)),
        end: () => void res.end(),
      };
      adapter
        .process(request, response, (context) => bot.run(context))
        .catch((err) => {
          console.error(err);
          if (!res.writableEnded) res.writeHead(500).end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
});
