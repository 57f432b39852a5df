// `inventory`: every credential with its owners, status and references.
import type { Command } from 'commander';
import { buildInventoryReport, toInventoryCsv, toInventoryMarkdown } from '../../core/report/inventory';
import { safeJson } from '../../core/text/escape';
import { inventoryText } from '../format-inventory';
import { colorEnabled, styler } from '../terminal';
import { version } from '../version';
import type { CommandContext } from '../shared/context';
import { documentCommand, readOptions, type WorkspaceOpts } from '../shared/options';
import { deliver } from '../shared/output';
import { scanWorkspace } from '../shared/run-scan';

export function register(cli: Command, { signal, setExit }: CommandContext): void {
  readOptions(documentCommand(cli, 'inventory', {
    description: 'list every credential with its owners, status (ok, expiring, expired, overdue, incomplete, no-owner) and where it is referenced',
    paths: 'files or folders to look in (default: the current folder)',
    formats: ['text', 'json', 'csv', 'markdown', 'cyclonedx'], format: 'text',
    output: 'write the inventory to a file instead of standard output',
  }), 'look in')
    .action(async (paths: string[], opts: WorkspaceOpts & { format: string; output?: string }) => {
      const { report, ownership, now } = await scanWorkspace(paths, opts, signal, 'force');
      if (!ownership) {
        setExit(130);
        return;
      }
      const inventory = buildInventoryReport(ownership, report.root, version, now);
      const secrets = report.findings.map((f) => ({ ruleId: f.ruleId, kind: f.kind, path: f.path, line: f.range.start.line + 1, fingerprint: f.fingerprint }));
      // The CycloneDX library is loaded only for that format (it is large; every other run starts without it).
      const text = opts.format === 'json' ? safeJson(inventory) + '\n'
        : opts.format === 'cyclonedx' ? (await import('../../core/report/cyclonedx')).buildCycloneDx(inventory, secrets)
        : opts.format === 'csv' ? toInventoryCsv(inventory)
          : opts.format === 'markdown' ? toInventoryMarkdown(inventory)
            : inventoryText(inventory, styler(!opts.output && colorEnabled(1)));
      deliver(text, opts.output, () => `${inventory.summary.entries} credential(s); inventory written to ${opts.output}\n`);
      setExit(0);
    });
}
