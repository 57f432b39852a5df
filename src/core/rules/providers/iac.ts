// Infrastructure as code where the name of a value is not on the value's line: a Terraform variable's
// label names its `default`, an SSM parameter's `name` (or its `SecureString` type) names its `value`.
import { charClasses, shannonEntropy } from '../../text/entropy';
import type { Confidence, Rule } from '../types';
import { credentialName, looksLikeWords } from './generic';

const TF_PATH = /\.(?:tf|tf\.json|hcl)$/;

/** A value strong enough for what its name says it is (the generic rules' floor). */
function strongEnough(kind: 'password' | 'secret', value: string): boolean {
  if (kind === 'password') return value.length >= 6 && charClasses(value) >= 2 && shannonEntropy(value) >= 2.5;
  return !looksLikeWords(value) && value.length >= 12 && charClasses(value) >= 2 && shannonEntropy(value) >= 3.2;
}

/** Medium for a random-looking value, low for a short or simple one. */
function strength(value: string): Confidence {
  return value.length >= 12 && shannonEntropy(value) >= 3.5 && charClasses(value) >= 2 ? 'medium' : 'low';
}

/** The last segment of an SSM parameter path: `/app/prod/api_key` -> `api_key`. */
const lastSegment = (name: string) => name.slice(name.lastIndexOf('/') + 1);

/** `name = "/app/api_key"` in a block's text (before or after the value). */
function nameIn(block: string): string | undefined {
  return /(?<![\w-])name[ \t]{0,8}=[ \t]{0,8}"([^"\r\n]{1,256})"/.exec(block)?.[1];
}

export const rules: Rule[] = [
  {
    id: 'terraform-variable-default',
    description: 'Credential as the default of a Terraform variable named for it',
    provider: 'Terraform',
    kind: 'password',
    severity: 'high',
    confidence: 'low',
    keywords: ['variable'],
    paths: TF_PATH,
    // variable "db_password" { type = string  default = "…"  sensitive = true } (attributes before any nested block)
    regex: /(?<![\w-])variable[ \t]{1,8}"([\w-]{1,64})"[ \t]{0,8}\{[^{}]{0,1024}?(?<![\w-])default[ \t]{0,8}=[ \t]{0,8}"([^"$\r\n]{1,1024})"/,
    secretGroup: 2,
    multiline: true,
    window: { before: 16, after: 1200 },
    validate: (value, m) => {
      const kind = credentialName(m[1]);
      return kind !== undefined && strongEnough(kind, value);
    },
    confidenceOf: strength,
    envName: 'TF_VAR_DB_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'infra/variables.tf', text: `variable "db_password" {\n  type      = string\n  default   = "${g.password(18)}"\n  sensitive = true\n}\n` },
        { path: 'modules/api/variables.tf', text: `variable "datadog_api_key" {\n  description = "Datadog API key"\n  default     = "${g.hex(32)}"\n}\n` },
      ],
      falsePositives: (g) => [
        { path: 'infra/variables.tf', text: 'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n' },
        { path: 'infra/variables.tf', text: 'variable "db_password_length" {\n  default = 24\n}\nvariable "db_password_secret_name" {\n  default = "prod/db/password"\n}\n' },
        { path: 'infra/variables.tf', text: `variable "region" {\n  default = "${g.alnum(24)}"\n}\n` },
        { path: 'infra/variables.tf', text: 'variable "admin_password" {\n  default = ""\n}\nvariable "api_token" {\n  default = "${var.token}"\n}\n' },
        { path: 'docs/variables.md', text: `variable "db_password" {\n  default = "${g.password(18)}"\n}\n` },
      ],
    },
  },
  {
    id: 'aws-ssm-parameter-value',
    description: 'Plain-text value of an AWS SSM parameter that holds a credential (SecureString, or named for one)',
    provider: 'AWS',
    kind: 'api_key',
    severity: 'high',
    confidence: 'low',
    keywords: ['aws_ssm_parameter'],
    paths: TF_PATH,
    regex: /resource[ \t]{1,8}"aws_ssm_parameter"[ \t]{1,8}"([\w-]{1,64})"[ \t]{0,8}\{([^{}]{0,2048}?)(?<![\w-])(?:insecure_)?value[ \t]{0,8}=[ \t]{0,8}"([^"$\r\n]{1,4096})"([^{}]{0,2048})/,
    secretGroup: 3,
    multiline: true,
    window: { before: 16, after: 4200 },
    validate: (value, m) => {
      const block = m[2] + m[4];
      if (/(?<![\w-])type[ \t]{0,8}=[ \t]{0,8}"SecureString"/.test(block)) return strongEnough('password', value);
      const name = nameIn(block);
      const kind = credentialName(name ? lastSegment(name) : m[1]) ?? credentialName(m[1]);
      return kind !== undefined && strongEnough(kind, value);
    },
    confidenceOf: strength,
    envName: 'SSM_PARAMETER_VALUE',
    samples: {
      truePositives: (g) => [
        { path: 'infra/ssm.tf', text: `resource "aws_ssm_parameter" "stripe" {\n  name  = "/shop/prod/stripe_api_key"\n  type  = "String"\n  value = "${g.alnum(32)}"\n}\n` },
        { path: 'infra/ssm.tf', text: `resource "aws_ssm_parameter" "db" {\n  value = "${g.password(20)}"\n  type  = "SecureString"\n  name  = "/shop/prod/db"\n}\n` },
      ],
      falsePositives: (g) => [
        { path: 'infra/ssm.tf', text: 'resource "aws_ssm_parameter" "db" {\n  name  = "/shop/prod/db_password"\n  type  = "SecureString"\n  value = random_password.db.result\n}\n' },
        { path: 'infra/ssm.tf', text: `resource "aws_ssm_parameter" "ami" {\n  name  = "/shop/prod/ami_id"\n  type  = "String"\n  value = "ami-${g.hex(17)}"\n}\n` },
        { path: 'infra/ssm.tf', text: 'resource "aws_ssm_parameter" "token" {\n  name  = "/shop/prod/api_token"\n  type  = "SecureString"\n  value = "${var.api_token}"\n}\n' },
      ],
    },
  },
];
