// Chart.js for the analytics pages: the page loads /console/analytics/chart.umd.js (the installed
// package's browser build) before its own script, which finds it as `window.Chart`; only its
// types are imported here, so no copy of it is bundled into the page's script.
import type { Chart } from 'chart.js';

declare global {
  interface Window {
    /** Chart.js's UMD build, loaded by the page. */
    Chart: typeof Chart;
  }
}

/** A chart on the page (what `new window.Chart(…)` returns). */
export type PageChart = Chart;
