import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createTranslator, type MessageTree, type Translate } from '../../theme-component/src/widgets/messages';

export const THEME_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'theme-component');

/** Reads the `en` tree of the theme's locale file. */
export function readEnglishMessages(): MessageTree & { theme_metadata: MessageTree } {
  const document = parse(readFileSync(join(THEME_DIR, 'locales', 'en.yml'), 'utf8')) as { en: MessageTree & { theme_metadata: MessageTree } };
  return document.en;
}

/** Returns a translator over `locales/en.yml` that throws on a missing key, so a test fails where a page would show `[key]`. */
export function englishTranslator(): Translate {
  const translate = createTranslator(readEnglishMessages());
  return (key, values) => {
    const text = translate(key, values);
    if (text === `[${key}]`) throw new Error(`translation key ${key} is missing from theme-component/locales/en.yml`);
    return text;
  };
}
