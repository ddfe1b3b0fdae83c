import { MemoryBus, Topics } from '../../core/bus';
import { silentLogger } from '../../core/logger';
import type { Message } from '../../core/message';
import { Services } from '../../core/services';
import { LiveTiles, TILES_TOPIC } from '../../analytics/live';
import type { Figures } from '../../analytics/report';

test('without a dashboard open, a busy bot never recomputes the 24-hour tiles', async () => {
  const bus = new MemoryBus();
  const compute = jest.fn(async () => ({}) as Figures);
  const tiles = new LiveTiles({ services: new Services(), bus: () => bus, compute, logger: silentLogger(), throttleMs: 5 });
  tiles.start();
  for (let i = 0; i < 20; i++) await bus.publish(Topics.message, { message: { id: `m${i}` } as Message });
  await new Promise((r) => setTimeout(r, 50));
  expect(compute).not.toHaveBeenCalled();
  // Asked directly (a dashboard connecting), it computes and publishes.
  const published = jest.fn();
  bus.subscribe(TILES_TOPIC, published);
  await tiles.refresh();
  expect(compute).toHaveBeenCalledTimes(1);
  expect(published).toHaveBeenCalledTimes(1);
  await tiles.close();
});
