/**
 * Opens something that must be closed (an app, a server) before each test of the suite, hands it
 * to `use`, and closes it after each test whatever happened. Jest runs `afterEach` even when
 * `beforeEach` timed out, but the opening goes on in the background: a suite that assigns the
 * result to a variable and closes that variable closes the previous test's app (or nothing), and
 * the late one's timers, workers and database keep the run alive ("Jest did not exit", "a worker
 * process has failed to exit gracefully"). Here the close is chained to the opening itself, so an
 * app that finishes starting late is closed as soon as it exists.
 */
export function openEach<T>(open: () => Promise<T>, close: (opened: T) => Promise<unknown>, use: (opened: T) => void = () => undefined): void {
  let opening: Promise<T> | undefined;
  beforeEach(async () => {
    opening = open();
    use(await opening);
  });
  afterEach(async () => {
    const started = opening;
    opening = undefined;
    // An opening that failed has nothing to close (the test already failed with its error).
    await started?.then(close, () => undefined);
  });
}
