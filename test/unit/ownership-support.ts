// Shared by the ownership tests: the fixture workspace, copied to a temporary folder with a
// hard-coded token planted at run time, the pipeline the CLI runs, and the findings it must produce.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../src/core/config/load';
import { runOwnership } from '../../src/core/model/run-ownership';
import type { OwnershipRun } from '../../src/core/ownership/workspace';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { scan } from '../../src/core/run/scanner';
import { REPO_ROOT } from './support/workspace';

export const OWNERSHIP_FIXTURE = path.join(REPO_ROOT, 'test/fixtures/ownership');
export const FIXTURE_NOW = new Date('2026-03-01T00:00:00Z');

/** A throwaway copy of the fixture with a hard-coded token planted at run time (never committed). */
export function fixtureCopy(seed = 7, plant = true): { dir: string; token: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ch-ownership-'));
  cpSync(OWNERSHIP_FIXTURE, dir, { recursive: true });
  const token = new SampleGen(seed).checksummedToken('ghp_');
  if (plant) writeFileSync(path.join(dir, 'worker/release.py'), `"""Tags releases."""\nGITHUB_TOKEN = "${token}"\n`);
  return { dir, token, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The whole pipeline as the CLI runs it: the secret scan, then ownership over the same files. */
export async function ownershipOf(dir: string, roots = [dir], now = FIXTURE_NOW): Promise<OwnershipRun> {
  const loaded = loadConfig(dir);
  const summary = await scan({ roots, base: dir, config: loaded.config, workers: 0 });
  return runOwnership({ roots, base: dir, config: loaded.config, configDir: loaded.dir, findings: summary.findings, now });
}

/** The exact findings the fixture must produce on 2026-03-01. */
export const EXPECTED: Array<[string, string, string]> = [
  ['owner/missing', '.github/workflows/deploy.yml:14:40', 'GitHub Actions secret NPM_TOKEN has no owner: no identity in credentials.yaml matches it (CODEOWNERS suggests group:platform)'],
  ['owner/missing', 'api/main.go:15:30', 'Environment variable GITHUB_WEBHOOK_SECRET has no owner: no identity in credentials.yaml matches it (CODEOWNERS suggests group:payments)'],
  ['owner/incomplete', 'credentials.yaml:29:9', 'sendgrid-key is missing owners.technical, purpose'],
  ['owner/expired', 'credentials.yaml:37:9', 'legacy-deploy-key expired on 2026-02-01 (28 days ago)'],
  ['owner/expiring', 'credentials.yaml:48:9', 'payments-db expires on 2026-03-20 (in 19 days)'],
  ['owner/rotation-overdue', 'credentials.yaml:62:9', 'ci-deployer was due for rotation on 2025-12-30 (P90D after 2025-10-01), 61 days ago'],
  ['owner/shared-across-environments', 'credentials.yaml:76:9', 'analytics-token is used in production and test: give each environment its own credential'],
  ['owner/missing', 'docker-compose.yml:6:7', 'Compose variable REDIS_PASSWORD has no owner: no identity in credentials.yaml matches it (CODEOWNERS suggests group:platform)'],
  ['owner/missing', 'k8s/prod/deployment.yaml:4:9', 'Kubernetes ServiceAccount/payments-api has no owner: no identity in credentials.yaml matches it (CODEOWNERS suggests group:platform)'],
  ['owner/untagged-resource', 'k8s/prod/secrets.yaml:15:9', 'Kubernetes Secret/payments-db carries a credential but has no owner label or annotation (owner: group:payments-platform)'],
  ['owner/untagged-resource', 'terraform/envs/prod/main.tf:18:1', 'Terraform resource aws_iam_access_key.legacy carries a credential but has no Owner tag on its IAM user (owner: group:platform)'],
  ['owner/missing', 'terraform/envs/prod/main.tf:22:1', 'Terraform resource aws_secretsmanager_secret.stripe_webhook has no owner: no identity in credentials.yaml matches it (CODEOWNERS suggests group:platform, user:jdoe)'],
  ['owner/missing', 'worker/release.py:2:17', 'Hard-coded credential (github-pat-classic, fix name GITHUB_TOKEN) has no owner: no identity in credentials.yaml matches it (CODEOWNERS suggests group:payments)'],
];

