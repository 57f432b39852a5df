// The built-in rule set: every provider family's rules, in one list with unique ids.
import type { Rule } from './types';
import { rules as agents } from './providers/agents';
import { rules as calls } from './providers/calls';
import { rules as cloud } from './providers/cloud';
import { rules as credentialHygiene } from './providers/credential-hygiene';
import { rules as files } from './providers/files';
import { rules as generic } from './providers/generic';
import { rules as github } from './providers/github';
import { rules as iac } from './providers/iac';
import { rules as keyFiles } from './providers/key-files';
import { rules as saas } from './providers/saas';
import { rules as toolFiles } from './providers/tool-files';
import { rules as wallets } from './providers/wallets';

export const builtinRules: readonly Rule[] = [...github, ...cloud, ...saas, ...credentialHygiene, ...files, ...keyFiles, ...toolFiles, ...wallets, ...iac, ...agents, ...calls, ...generic];

export type { Rule } from './types';
