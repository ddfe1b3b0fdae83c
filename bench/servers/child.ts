/**
 * The protocol between `bench/http.ts` and a server it forks: the child listens on a free
 * loopback port and sends `{ port }`; `'mark'` starts counting its CPU time (after warm-up);
 * on `'stop'` it answers `{ peakRssMb, cpuSeconds }` (CPU since the mark) and exits.
 */
export function serveInChild(start: () => Promise<number>): void {
  start().then(
    (port) => process.send?.({ port }),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
  let mark = process.cpuUsage();
  process.on('message', (message) => {
    if (message === 'mark') {
      mark = process.cpuUsage();
      process.send?.('marked');
    }
    if (message !== 'stop') return;
    const cpu = process.cpuUsage(mark);
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    process.send?.({ peakRssMb, cpuSeconds: (cpu.user + cpu.system) / 1e6 }, () => process.exit(0));
  });
}
