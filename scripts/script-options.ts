/** The value after a command-line option of a script (`--real DIR`); a missing value ends the script with the usage. */
export function optionValue(name: string, usage: string): string | undefined {
  const at = process.argv.indexOf(name);
  if (at < 0) return undefined;
  const value = process.argv[at + 1];
  if (!value || value.startsWith('--')) {
    console.error(`${name} needs a value\n${usage}`);
    process.exit(2);
  }
  return value;
}
