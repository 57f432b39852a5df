// `report`: the workspace report for leads (html, markdown, json, csv), with a trend from --history.
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { renderWorkspaceHtml } from '../../core/report/html';
import { appendHistory, parseHistory, summarize, workspaceReportFromScan } from '../../core/report/workspace-report';
import { toWorkspaceCsv, toWorkspaceJson, toWorkspaceMarkdown } from '../../core/report/workspace-formats';
import type { CommandContext } from '../shared/context';
import { baselineOption, documentCommand, noOwnershipOption, readOptions, type WorkspaceOpts } from '../shared/options';
import { deliver, writeOutput } from '../shared/output';
import { scanWorkspace } from '../shared/run-scan';
import { runHistoryScan } from './scan-history';

export function register(cli: Command, { signal, setExit }: CommandContext): void {
  readOptions(documentCommand(cli, 'report', {
    description: 'write a workspace report for leads: findings by severity, provider, rule and folder, ownership coverage, expired/expiring/overdue/orphaned credentials, trend, and tables (redacted previews only)',
    paths: 'files or folders to scan (default: the current folder)',
    formats: ['html', 'markdown', 'json', 'csv'], format: 'html',
    output: 'write the report to a file instead of standard output',
  })
    .option('--history <file>', 'JSON file of earlier scan summaries (counts only) for the trend; this scan is appended to it (50 kept)')
    .addOption(baselineOption())
    .option('--git-history', 'add a "Leaked in history" section: the secrets git history holds (as scan --history), removed but not rotated first')
    .addOption(noOwnershipOption('skip the credential ownership checks (the certificate checks still run)')))
    .action(async (paths: string[], opts: WorkspaceOpts & { format: string; output?: string; history?: string; baseline?: string; ownership: boolean; gitHistory?: boolean }) => {
      const { report: scanned, ownership, now } = await scanWorkspace(paths, opts, signal, opts.ownership === false ? 'off' : 'auto');
      if (scanned.summary.cancelled) {
        setExit(130);
        return;
      }
      const git = opts.gitHistory ? (await runHistoryScan(paths, { config: opts.config, baseline: opts.baseline, gitignore: opts.gitignore, progress: opts.progress, now, ownership: opts.ownership }, signal)).report : undefined;
      if (git?.summary.cancelled) {
        setExit(130);
        return;
      }
      const history = opts.history && existsSync(opts.history) ? parseHistory(readFileSync(opts.history, 'utf8')) : [];
      const report = workspaceReportFromScan(scanned, ownership, { history, now, gitHistory: git });
      const text = opts.format === 'json' ? toWorkspaceJson(report)
        : opts.format === 'csv' ? toWorkspaceCsv(report)
          : opts.format === 'markdown' ? toWorkspaceMarkdown(report)
            : renderWorkspaceHtml(report);
      if (opts.history) writeOutput(opts.history, JSON.stringify(appendHistory(history, summarize(report)), null, 2) + '\n');
      deliver(text, opts.output, () => `${report.tiles.findings.total} open finding(s), ownership coverage ${report.tiles.coverage.percent ?? '—'}%; report written to ${opts.output}\n`);
      setExit(0);
    });
}
