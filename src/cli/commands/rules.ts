// `rules`: every built-in rule, the secret rules then the owner/* ownership rules.
import type { Command } from 'commander';
import { builtinRules } from '../../core/rules';
import { OWNERSHIP_RULES } from '../../core/ownership/rules';
import { nhiOf } from '../../core/rules/nhi';
import type { CommandContext } from '../shared/context';
import { formatOption } from '../shared/options';

export function register(cli: Command, { setExit }: CommandContext): void {
  cli.command('rules')
    .description('list every built-in rule (secret rules, then the owner/* ownership rules)')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action((opts: { format: string }) => {
      const rows = [
        ...builtinRules.map((r) => ({ id: r.id, provider: r.provider, severity: r.severity, confidence: r.confidence, kind: r.kind, description: r.description, owaspNhi: [...nhiOf(r.id)] })),
        ...Object.values(OWNERSHIP_RULES).map((r) => ({
          id: r.id, provider: r.id.startsWith('owner/') ? 'Ownership' : 'Certificates', severity: r.severity, confidence: 'high',
          kind: r.id.startsWith('owner/') ? 'ownership' : 'certificate', description: r.defaultOff ? `${r.description} (off unless configured)` : r.description,
          owaspNhi: [...nhiOf(r.id)],
        })),
      ];
      if (opts.format === 'json') process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      else {
        const w = Math.max(...rows.map((r) => r.id.length));
        for (const r of rows) process.stdout.write(`${r.id.padEnd(w)}  ${r.severity.padEnd(8)}  ${r.owaspNhi.join(',').padEnd(9)}  ${r.provider}: ${r.description}\n`);
        process.stdout.write(`${rows.length} rules\n`);
      }
      setExit(0);
    });
}
