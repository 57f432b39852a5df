// Line-comment syntax per language, for inline suppressions. JSON has none: there, the baseline is the way.

const LINE: Record<string, [string, string]> = {};
for (const id of ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'java', 'kotlin', 'csharp', 'go', 'rust', 'php', 'swift', 'c', 'cpp', 'scala', 'groovy', 'jsonc', 'dart', 'vue', 'svelte', 'terraform', 'hcl']) LINE[id] = ['// ', ''];
for (const id of ['python', 'ruby', 'shellscript', 'yaml', 'toml', 'dockerfile', 'properties', 'dotenv', 'perl', 'r', 'makefile', 'powershell', 'elixir', 'dockercompose', 'plaintext', 'ignore', 'ini']) LINE[id] = ['# ', ''];
for (const id of ['sql', 'lua', 'haskell']) LINE[id] = ['-- ', ''];
for (const id of ['html', 'xml', 'markdown', 'svg']) LINE[id] = ['<!-- ', ' -->'];

export function commentFor(languageId: string, text: string): string | undefined {
  const c = LINE[languageId];
  return c ? `${c[0]}${text}${c[1]}` : undefined;
}
