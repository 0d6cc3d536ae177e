import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './support/shared.ts';

const eslint = new ESLint({ cwd: PROJECT_ROOT });

/** The messages of the project's ESLint configuration for a snippet, as if it were a file in src/. */
async function lint(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${PROJECT_ROOT}/src/snippet.ts` });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('the rule against spreading arrays into calls', () => {
  it.each([
    'a.push(...b)',
    'a.unshift(...b)',
    'a.splice(0, 0, ...b)',
    'a.concat(...b)',
    'Math.max(...b)',
    'Math.min(0, ...b)',
    'String.fromCharCode(...b)',
    'String.fromCodePoint(...b)',
  ])('refuses %s, saying why and what to use', async (call) => {
    expect(await lint(`export function f(a: number[], b: number[]) {\n  return ${call};\n}\n`)).toEqual([
      expect.stringMatching(
        /^no-restricted-syntax: spreading an array into .* overflows it \(RangeError\): use a for…of loop or reduce$/,
      ),
    ]);
  });

  it.each([
    'for (const x of b) a.push(x)',
    'b.reduce((most, x) => Math.max(most, x), -Infinity)',
    'a = [...a, ...b]',
    'a.concat(b)',
    'console.log(...b)',
  ])('lets %s be', async (code) => {
    expect(await lint(`export function f(a: number[], b: number[]) {\n  ${code};\n}\n`)).toEqual([]);
  });
});

describe('the size rule (docs/architecture.md)', () => {
  const functionOf = (lines: number) =>
    `export function f(a: number[]) {\n${'  a.reverse();\n'.repeat(lines - 2)}}\n`;

  it('refuses a function over 120 lines and lets one of 120 be', async () => {
    expect(await lint(functionOf(121))).toEqual([
      expect.stringMatching(/^max-lines-per-function: Function 'f' has too many lines \(121\)/),
    ]);
    expect(await lint(functionOf(120))).toEqual([]);
  });

  it('refuses a file over 400 lines, comments included', async () => {
    const file = `${'// a line\n'.repeat(400)}export const x = 1;\n`;
    expect(await lint(file)).toEqual([expect.stringMatching(/^max-lines: File has too many lines \(401\)/)]);
  });

  it('leaves tests out', async () => {
    const [result] = await eslint.lintText(functionOf(200), {
      filePath: `${PROJECT_ROOT}/src/snippet.test.ts`,
    });
    expect(result!.messages).toEqual([]);
  });
});
