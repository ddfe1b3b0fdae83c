import { Composer, MiddlewareError, run } from '../../core/composer';

type Ctx = { log: string[]; text?: string };

test('middleware runs in order and can stop the chain', async () => {
  const c = new Composer<Ctx>();
  c.use(async (ctx, next) => {
    ctx.log.push('a:before');
    await next();
    ctx.log.push('a:after');
  });
  c.use((ctx) => {
    ctx.log.push('b');
  });
  c.use((ctx) => {
    ctx.log.push('never');
  });
  const ctx: Ctx = { log: [] };
  await run(c.middleware(), ctx);
  expect(ctx.log).toEqual(['a:before', 'b', 'a:after']);
});

test('filter runs its middleware only when the predicate holds, and passes on otherwise', async () => {
  const c = new Composer<Ctx>();
  c.filter((ctx) => ctx.text === 'hi', (ctx) => void ctx.log.push('greeted'));
  c.use((ctx) => void ctx.log.push('fallback'));
  const a: Ctx = { log: [], text: 'hi' };
  const b: Ctx = { log: [], text: 'bye' };
  await run(c.middleware(), a);
  await run(c.middleware(), b);
  expect(a.log).toEqual(['greeted']);
  expect(b.log).toEqual(['fallback']);
});

test('branch chooses one side', async () => {
  const c = new Composer<Ctx>();
  c.branch((ctx) => ctx.text === 'x', (ctx) => void ctx.log.push('yes'), (ctx) => void ctx.log.push('no'));
  const a: Ctx = { log: [], text: 'x' };
  await run(c.middleware(), a);
  const b: Ctx = { log: [], text: 'y' };
  await run(c.middleware(), b);
  expect([a.log, b.log]).toEqual([['yes'], ['no']]);
});

test('errorBoundary hands errors to its handler with the context, which may continue the chain', async () => {
  const c = new Composer<Ctx>();
  const seen: unknown[] = [];
  c.errorBoundary(
    (err, next) => {
      seen.push(err);
      err.ctx.log.push('handled');
      return next();
    },
    () => {
      throw new Error('boom');
    },
  );
  c.use((ctx) => void ctx.log.push('after'));
  const ctx: Ctx = { log: [] };
  await run(c.middleware(), ctx);
  expect(ctx.log).toEqual(['handled', 'after']);
  expect(seen[0]).toBeInstanceOf(MiddlewareError);
  expect((seen[0] as MiddlewareError<Ctx>).ctx).toBe(ctx);
  expect((seen[0] as MiddlewareError<Ctx>).message).toContain('boom');
});

test('calling next twice is an error', async () => {
  const c = new Composer<Ctx>(async (_ctx, next) => {
    await next();
    await next();
  });
  await expect(run(c.middleware(), { log: [] })).rejects.toThrow('`next` was already called');
});
