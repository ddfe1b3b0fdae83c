/** The floor: a bare fastify handler answering a JSON echo. */
import Fastify from 'fastify';
import { serveInChild } from './child';

serveInChild(async () => {
  const app = Fastify();
  app.post('/echo', async (request) => ({ messages: [{ text: `You said: ${(request.body as { text: string }).text}` }] }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as { port: number }).port;
});
