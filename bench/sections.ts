import { readFileSync, writeFileSync } from 'node:fs';

/** Replaces (or adds) one `## title` section of docs/benchmarks.md, leaving the others as they are. */
export function writeSection(title: string, section: string): void {
  const target = 'docs/benchmarks.md';
  let document: string;
  try {
    document = readFileSync(target, 'utf8');
  } catch {
    document =
      '# Benchmarks\n\nFigures measured by `npm run bench` on the machine named in each section. The machine is shared and noisy: compare ratios measured in the same run, not absolute figures across runs.\n\n';
  }
  const start = document.indexOf(`## ${title}`);
  if (start >= 0) {
    const next = document.indexOf('\n## ', start + 1);
    document = document.slice(0, start) + section + (next >= 0 ? '\n' + document.slice(next + 1) : '');
  } else {
    document = document.trimEnd() + '\n\n' + section;
  }
  writeFileSync(target, document);
}
