// Places one secret in the syntaxes people write credentials in, assigned to a given name, the way
// gitleaks' generators do: a rule's bare sample must be found in every one of them.

export interface Embedding {
  syntax: string;
  path: string;
  text: string;
  /** The name sits right next to the value (`NAME = value`), which generic rules need. */
  assignment: boolean;
}

function words(envName: string): string[] {
  return envName.toLowerCase().split('_').filter(Boolean);
}
const camel = (n: string) => words(n).map((w, i) => (i ? w[0].toUpperCase() + w.slice(1) : w)).join('');
const pascal = (n: string) => words(n).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const snake = (n: string) => words(n).join('_');

export function embeddings(name: string, secret: string): Embedding[] {
  const a = (syntax: string, path: string, text: string): Embedding => ({ syntax, path, text, assignment: true });
  return [
    a('javascript', 'src/app.js', `const ${name} = "${secret}";\n`),
    a('typescript object', 'src/config.ts', `export const config = {\n  ${camel(name)}: '${secret}',\n};\n`),
    a('python', 'app/settings.py', `${name} = "${secret}"\n`),
    a('python call', 'app/client.py', `client = Client(${snake(name)}="${secret}")\n`),
    a('go', 'cmd/main.go', `const ${pascal(name)} = "${secret}"\n`),
    a('java', 'src/main/java/App.java', `private static final String ${name} = "${secret}";\n`),
    a('kotlin', 'src/main/kotlin/App.kt', `val ${camel(name)} = "${secret}"\n`),
    a('csharp', 'src/Program.cs', `var ${camel(name)} = @"${secret}";\n`),
    a('ruby', 'config/initializers/app.rb', `${name} = '${secret}'\n`),
    a('php', 'config/app.php', `$${camel(name)} = '${secret}';\n`),
    a('yaml', 'config/app.yaml', `service:\n  ${snake(name)}: ${secret}\n`),
    a('yaml quoted', 'deploy/values.yaml', `env:\n  ${name}: "${secret}"\n`),
    a('json', 'config/app.json', `{\n  "${camel(name)}": "${secret}"\n}\n`),
    a('dotenv', '.env.production', `${name}=${secret}\n`),
    a('shell', 'scripts/deploy.sh', `export ${name}="${secret}"\n`),
    a('toml', 'config/app.toml', `${snake(name)} = "${secret}"\n`),
    a('terraform', 'infra/main.tf', `  ${snake(name)} = "${secret}"\n`),
    a('properties', 'src/main/resources/application.properties', `app.${words(name).join('.')}=${secret}\n`),
    a('docker-compose', 'docker-compose.yml', `    environment:\n      - ${name}=${secret}\n`),
    a('dockerfile', 'Dockerfile', `ENV ${name}=${secret}\n`),
    a('ini', 'settings.ini', `[default]\n${snake(name)} = ${secret}\n`),
    // Pretty-printed XML: the element's value on a line of its own (Maven, Spring, .NET, Jenkins configs).
    a('xml element', 'config/app.xml', `<settings>\n  <${camel(name)}>\n    ${secret}\n  </${camel(name)}>\n</settings>\n`),
    { syntax: 'xml', path: 'web.config', text: `<add key="${name}" value="${secret}" />\n`, assignment: false },
    { syntax: 'header', path: 'scripts/call.sh', text: `curl -H "X-${name}: ${secret}" https://api.internal\n`, assignment: false },
  ];
}
