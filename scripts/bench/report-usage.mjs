// Preloaded (`node --import` this file) into a timed command when GNU time is not installed: prints
// the process's own peak RSS and CPU time on exit, in the format timeCommand reads from GNU time.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`__BENCH_RSS_KB=${u.maxRSS} __BENCH_CPU=${(u.userCPUTime / 1e6).toFixed(2)}+${(u.systemCPUTime / 1e6).toFixed(2)}\n`);
});
