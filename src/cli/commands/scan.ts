// `scan`: hard-coded credentials in files and folders (or what is staged), and the ownership checks.
import { Command, Option } from 'commander';
import { compileCustomRule, type LoadedConfig } from '../../core/config/load';
import { UserError } from '../../core/errors';
import { builtinRules } from '../../core/rules';
import { SEVERITIES, type Severity } from '../../core/rules/types';
import { atOrAbove, needsAction, type ScanReport } from '../../core/report/scan-report';
import { safeJson } from '../../core/text/escape';
import { toText } from '../format-text';
import { MAX_SCANNABLE_SIZE } from '../staged';
import { colorEnabled, styler } from '../terminal';
import type { CommandContext } from '../shared/context';
import {
  baselineOption, configOption, formatOption, intOption, minConfidenceOption, noCacheOption, noGitignoreOption, noOwnershipOption, noProgressOption, nowDateOption, outputOption, workersOption,
} from '../shared/options';
import { deliver } from '../shared/output';
import type { ScanInput } from '../shared/run-scan';

const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

interface ScanOpts extends ScanInput {
  format: Format;
  output?: string;
  failOn: Severity;
  showSuppressed?: boolean;
  history?: boolean;
  since?: string;
  allBranches?: boolean;
  showAuthors?: boolean;
}

export function register(cli: Command, { signal, setExit }: CommandContext): void {
  cli.command('scan')
    .description('scan files and folders (default: the current folder) for hard-coded credentials, and check every credential has an owner when there is a credentials.yaml')
    .argument('[paths...]', 'files or folders to scan')
    .addOption(formatOption(FORMATS, 'text'))
    .addOption(outputOption('write the report to a file instead of standard output'))
    .addOption(baselineOption())
    .option('--staged', 'scan what is staged in git (for pre-commit hooks)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding shown (see --min-confidence) is at or above this severity (with --history: not those removed and rotated since)').choices(SEVERITIES).default('low'))
    .addOption(minConfidenceOption())
    .addOption(configOption())
    .addOption(noGitignoreOption())
    .option('--max-file-size <bytes>', 'skip files larger than this', intOption('--max-file-size', { value: MAX_SCANNABLE_SIZE, why: 'the largest file that can be scanned as text' }))
    .addOption(workersOption())
    .addOption(noCacheOption())
    .option('--show-suppressed', 'list suppressed findings too (text format)')
    .option('--report-unused-suppressions', 'list credential-hygiene:allow comments on lines with no finding or credential reference (in every format: SARIF as warnings of the run)')
    .addOption(noProgressOption())
    .addOption(noOwnershipOption('skip the credential ownership checks (credentials.yaml); the certificate checks still run'))
    .addOption(nowDateOption())
    .option('--history', 'scan what every commit added (git history) instead of the files as they are')
    .option('--since <rev>', 'with --history: only commits after this revision')
    .option('--all-branches', 'with --history: every branch, remote-tracking branch and tag, not only what HEAD reaches')
    .option('--show-authors', 'with --history: show who made the commit that first added each secret')
    .action(async (paths: string[], opts: ScanOpts) => {
      if (!opts.history && (opts.since !== undefined || opts.allBranches || opts.showAuthors)) throw new UserError('--since, --all-branches and --show-authors go with --history');
      // Each path loads only its own code: a pre-commit hook never parses the history scanner, nor a
      // history scan the tree scan's ownership and certificate model.
      const run = opts.history ? await (await import('./scan-history')).runHistoryScan(paths, opts, signal) : await (await import('../shared/run-scan')).runScan(paths, opts, signal);
      const { loaded } = run;
      const report = run.report;
      const text = await render(report, loaded, opts.format, !opts.output && colorEnabled(1), Boolean(opts.showSuppressed));
      const owned = (report.ownership ? `, ${report.ownership.summary.findings} ownership finding(s)` : '') +
        (report.certificates ? `, ${report.certificates.summary.findings} certificate finding(s)` : '');
      deliver(text, opts.output, opts.format !== 'text' ? () => `${report.summary.findings} finding(s)${owned}; report written to ${opts.output}\n` : undefined);
      const failing = atOrAbove(report.findings.filter(needsAction), opts.failOn).length + atOrAbove(report.ownership?.findings ?? [], opts.failOn).length +
        atOrAbove(report.certificates?.findings ?? [], opts.failOn).length;
      setExit(report.summary.cancelled ? 130 : failing ? 1 : 0);
    });
}

/** The report in `format`; the renderers a format does not need are not loaded. */
async function render(report: ScanReport, loaded: LoadedConfig, format: Format, color: boolean, showSuppressed: boolean): Promise<string> {
  switch (format) {
    case 'json':
      return safeJson(report) + '\n';
    case 'sarif': {
      const { toSarif } = await import('../../core/report/sarif');
      const rules = [...builtinRules, ...loaded.config.customRules.map((r) => compileCustomRule(r))];
      return safeJson(toSarif(report, rules)) + '\n';
    }
    case 'markdown':
      return report.history ? (await import('../../core/report/history-section')).historyScanMarkdown(report) : (await import('../../core/report/markdown')).toMarkdown(report);
    default:
      return report.history ? (await import('../format-history')).toHistoryText(report, styler(color), showSuppressed) : toText(report, styler(color), showSuppressed);
  }
}
