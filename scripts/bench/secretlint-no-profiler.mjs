// Preloaded into secretlint (`node --import` this file) to measure it without its always-on
// profiler. secretlint 11 marks every rule on every file and its PerformanceObserver scans all
// earlier marks on each one, so a run costs O(files²) (secretlint/secretlint#1653, fixed upstream
// by #1673: profiling only with --profile). This does what that fix does: no marks unless asked.
import { secretLintProfiler } from '@secretlint/profiler';

secretLintProfiler.mark = () => {};
