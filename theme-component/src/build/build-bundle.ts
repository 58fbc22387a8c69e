/*
 * Builds the widget bundle: `src/widgets/index.ts` and its imports become one ES module in
 * `javascripts/discourse/lib/praxis-widgets.js`, the folder Discourse installs theme JavaScript from.
 * Run with `npm run build:theme`; the output is committed, and a test compares it with a fresh build.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

export const THEME_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLE_PATH = join(THEME_ROOT, 'javascripts', 'discourse', 'lib', 'praxis-widgets.js');

const BANNER = [
  '// Praxis widget elements, generated from theme-component/src/widgets by `npm run build:theme`.',
  '// Do not edit: change the TypeScript source and rebuild.',
  '/* eslint-disable */',
].join('\n');

/**
 * esbuild options of the bundle. The TypeScript settings are given inline rather than read from
 * the repository's tsconfig.json, so the output depends only on the widget source.
 */
export function bundleOptions(): BuildOptions {
  return {
    absWorkingDir: THEME_ROOT,
    entryPoints: ['src/widgets/index.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // ES2022 keeps class fields native; every browser Discourse supports runs it.
    target: 'es2022',
    charset: 'utf8',
    legalComments: 'none',
    banner: { js: BANNER },
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: false } },
    write: false,
    logLevel: 'silent',
  };
}

/** Builds the bundle in memory and returns its text. */
export async function buildBundle(): Promise<string> {
  const result = await build(bundleOptions());
  const output = result.outputFiles?.[0];
  if (!output) throw new Error('esbuild produced no output file for src/widgets/index.ts; check the entry point');
  return output.text;
}

async function main(): Promise<void> {
  const text = await buildBundle();
  await writeFile(BUNDLE_PATH, text);
  console.log(`wrote ${BUNDLE_PATH} (${Buffer.byteLength(text)} bytes)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
