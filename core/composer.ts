/**
 * Middleware and its composition, after grammY: one middleware type `(ctx, next)`, and a
 * `Composer` whose methods each return a child composer, so a bot reads top to bottom.
 */

/** Call to run the rest of the chain. */
export type NextFunction = () => Promise<void>;

/** The one middleware type. */
export type MiddlewareFn<C> = (ctx: C, next: NextFunction) => unknown | Promise<unknown>;

/** Something that can serve as middleware: a function or a composer. */
export type Middleware<C> = MiddlewareFn<C> | MiddlewareObj<C>;

/** An object that provides middleware (a `Composer`, a plugin). */
export interface MiddlewareObj<C> {
  middleware(): MiddlewareFn<C>;
}

/** An error thrown inside middleware, wrapped with the context it happened in. */
export class MiddlewareError<C> extends Error {
  constructor(
    readonly error: unknown,
    readonly ctx: C,
  ) {
    super(`Error in middleware: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    this.name = 'MiddlewareError';
  }
}

const pass: MiddlewareFn<unknown> = (_ctx, next) => next();

function flatten<C>(mw: Middleware<C>): MiddlewareFn<C> {
  return typeof mw === 'function' ? mw : (ctx, next) => mw.middleware()(ctx, next);
}

function concat<C>(first: MiddlewareFn<C>, andThen: MiddlewareFn<C>): MiddlewareFn<C> {
  return async (ctx, next) => {
    let nextCalled = false;
    await first(ctx, async () => {
      if (nextCalled) throw new Error('`next` was already called before!');
      nextCalled = true;
      await andThen(ctx, next);
    });
  };
}

/** Runs middleware with a final `next` that does nothing. */
export async function run<C>(mw: MiddlewareFn<C>, ctx: C): Promise<void> {
  await mw(ctx, async () => undefined);
}

/**
 * A tree of middleware. `use` adds to this composer; `filter`, `on`, `hears`, `branch` and
 * `errorBoundary` return a child composer whose middleware runs only when its condition holds.
 */
export class Composer<C> implements MiddlewareObj<C> {
  private handler: MiddlewareFn<C>;

  constructor(...middleware: Array<Middleware<C>>) {
    // Ending every chain in `pass` means each middleware's `next` is guarded against double calls.
    this.handler = [...middleware.map(flatten), pass as MiddlewareFn<C>].reduce(concat);
  }

  middleware(): MiddlewareFn<C> {
    return this.handler;
  }

  /** Adds middleware that runs for every turn that reaches it. */
  use(...middleware: Array<Middleware<C>>): Composer<C> {
    const composer = new Composer(...middleware);
    this.handler = concat(this.handler, flatten(composer));
    return composer;
  }

  /** Runs the middleware only when `predicate` holds; a type guard narrows the context. */
  filter<D extends C>(predicate: (ctx: C) => ctx is D, ...middleware: Array<Middleware<D>>): Composer<D>;
  filter(predicate: (ctx: C) => boolean | Promise<boolean>, ...middleware: Array<Middleware<C>>): Composer<C>;
  filter(predicate: (ctx: C) => boolean | Promise<boolean>, ...middleware: Array<Middleware<C>>): Composer<C> {
    const composer = new Composer(...middleware);
    this.branch(predicate, composer, pass as MiddlewareFn<C>);
    return composer;
  }

  /** Runs `trueMiddleware` or `falseMiddleware` depending on `predicate`. */
  branch(
    predicate: (ctx: C) => boolean | Promise<boolean>,
    trueMiddleware: Middleware<C>,
    falseMiddleware: Middleware<C>,
  ): Composer<C> {
    return this.use(async (ctx, next) =>
      (await predicate(ctx)) ? flatten(trueMiddleware)(ctx, next) : flatten(falseMiddleware)(ctx, next),
    );
  }

  /**
   * Catches errors thrown by the middleware inside it and hands them to `errorHandler`, which
   * may reply; the turn then goes on past the boundary as if the inner middleware had not run.
   */
  errorBoundary(
    errorHandler: (error: MiddlewareError<C>, next: NextFunction) => unknown,
    ...middleware: Array<Middleware<C>>
  ): Composer<C> {
    const composer = new Composer(...middleware);
    const inner = flatten(composer);
    this.use(async (ctx, next) => {
      let nextCalled = false;
      const cont = () => ((nextCalled = true), Promise.resolve());
      try {
        await inner(ctx, cont);
      } catch (err) {
        nextCalled = false;
        await errorHandler(new MiddlewareError(err, ctx), cont);
      }
      if (nextCalled) await next();
    });
    return composer;
  }
}
