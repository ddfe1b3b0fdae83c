/**
 * The protocol between `bench/http.ts` and a server it forks: the child listens on a free
 * loopback port and sends `{ port }`; on `'stop'` it answers `{ peakRssMb }` and exits.
 */
export function serveInChild(start: () => Promise<number>): void {
  start().then(
    (port) => process.send?.({ port }),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
  process.on('message', (message) => {
    if (message !== 'stop') return;
    process.send?.({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }, () => process.exit(0));
  });
}
