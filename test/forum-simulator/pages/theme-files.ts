/*
 * Files of the theme component that the simulator's pages read: the component's stylesheet and its
 * English translations. The widget bundle's path is `BUNDLE_PATH` of the build script.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { MessageTree } from '../../../theme-component/src/widgets/messages';

export const THEME_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'theme-component');

/** Reads the `en` tree of the theme's locale file. */
export function readEnglishMessages(): MessageTree & { theme_metadata: MessageTree } {
  const document = parse(readFileSync(join(THEME_DIR, 'locales', 'en.yml'), 'utf8')) as { en: MessageTree & { theme_metadata: MessageTree } };
  return document.en;
}

/** Reads `common/common.scss`, which has no SCSS-only syntax, so browsers load it as CSS. */
export function readCommonStyles(): string {
  return readFileSync(join(THEME_DIR, 'common', 'common.scss'), 'utf8');
}
