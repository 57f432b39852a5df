// `retire`: mark an identity of credentials.yaml retired (`retired: <date>`), kept for the audit trail.
// With a registry, the next `sync --push` retires it there too.
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../core/config/load';
import { UserError } from '../../core/errors';
import { describeRefusal, LIMITS, readBoundedSync } from '../../core/files/bounded';
import { writeInsideSync } from '../../core/files/safe-write';
import { isoDay } from '../../core/ownership/dates';
import { applyEdit, RegisterEditError, setIdentityDateEdit } from '../../core/ownership/register-edit';
import { parseRegister } from '../../core/ownership/register';
import { REGISTER_FILE } from '../../core/vocabulary';
import { escapeTerminal } from '../../core/text/escape';
import type { CommandContext } from '../shared/context';
import { configOption, nowDateOption } from '../shared/options';

export function register(cli: Command, { setExit }: CommandContext): void {
  cli.command('retire')
    .description('mark an identity of credentials.yaml retired (retired: <today>): kept for the audit trail, no longer checked or required to have an owner; `sync --push` then retires it in the registry')
    .argument('<id>', 'the identity to retire')
    .argument('[path]', 'the register, or the folder holding it (default: the current folder)')
    .addOption(configOption())
    .addOption(nowDateOption().default(undefined, 'today'))
    .action((id: string, where: string | undefined, opts: { config?: string; now?: Date }) => {
      const abs = path.resolve(where ?? '.');
      if (!existsSync(abs)) throw new UserError(`no such file or folder: ${abs}`);
      const folder = statSync(abs).isDirectory() ? abs : path.dirname(abs);
      const loaded = loadConfig(folder, opts.config);
      const file = statSync(abs).isDirectory() ? path.resolve(loaded.dir, loaded.config.ownership?.register ?? REGISTER_FILE) : abs;
      const read = readBoundedSync(file, { maxBytes: LIMITS.register });
      if (!read.ok) throw new UserError(`cannot read ${describeRefusal(file, read)}`);
      const text = read.bytes.toString('utf8');
      const date = isoDay(opts.now ?? new Date());
      const shown = escapeTerminal(id);
      const identity = parseRegister(text, path.basename(file)).identities.find((i) => i.id === id);
      if (identity?.retired) {
        process.stdout.write(`${shown} is already retired (on ${escapeTerminal(identity.retired)}) in ${file}\n`);
        setExit(0);
        return;
      }
      let edit;
      try {
        edit = setIdentityDateEdit(text, id, 'retired', date);
      } catch (e) {
        if (e instanceof RegisterEditError) throw new UserError(`${file}: ${e.message}`);
        throw e;
      }
      if (edit) writeInsideSync(path.dirname(file), file, applyEdit(text, edit));
      process.stdout.write(`${shown} retired on ${date} in ${file}; with a registry, \`credential-hygiene sync --push\` retires it there too\n`);
      setExit(0);
    });
}
