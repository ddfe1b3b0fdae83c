import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Metrics } from '../../core/metrics';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A gauge's value, or how many observations a histogram has counted (all labels). */
async function value(metrics: Metrics, name: string): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = ((metric?.values ?? []) as Array<{ value: number; metricName?: string }>).filter((v) => v.metricName === undefined || v.metricName === `${name}_count`);
  return values.reduce((sum, v) => sum + v.value, 0);
}

/** Process metrics run between scrapes (an event-loop monitor, a GC observer); a closed app leaves neither behind. */
describe('Metrics.withDefaults', () => {
  test('the event-loop monitor samples until close(), then no more', async () => {
    const metrics = new Metrics().withDefaults();
    await metrics.registry.metrics(); // a scrape starts a new sampling window
    await pause(50);
    expect(await value(metrics, 'nodejs_eventloop_lag_max_seconds')).toBeGreaterThan(0);

    metrics.close();
    await metrics.registry.metrics();
    await pause(50);
    expect(await value(metrics, 'nodejs_eventloop_lag_max_seconds')).toBe(0); // nothing sampled since
  });

  test('garbage collections are observed until close(), then no more', async () => {
    const metrics = new Metrics().withDefaults();
    collectGarbage();
    await pause(20);
    const seen = await value(metrics, 'nodejs_gc_duration_seconds');
    expect(seen).toBeGreaterThan(0);

    metrics.close();
    await pause(20);
    const atClose = await value(metrics, 'nodejs_gc_duration_seconds');
    collectGarbage();
    await pause(20);
    expect(await value(metrics, 'nodejs_gc_duration_seconds')).toBe(atClose);
  });

  test('metrics without defaults close as well', () => {
    expect(() => new Metrics().close()).not.toThrow();
  });
});
