// A monotonic clock in milliseconds. The global `performance` loads node:perf_hooks on first use (about
// a millisecond of a pre-commit hook's start-up); process.hrtime is there from the start.

export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
