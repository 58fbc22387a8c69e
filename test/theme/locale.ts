import { createTranslator, type Translate } from '../../theme-component/src/widgets/messages';
import { readEnglishMessages } from '../forum-simulator/pages/theme-files';

export { readEnglishMessages, THEME_DIR } from '../forum-simulator/pages/theme-files';

/** Returns a translator over `locales/en.yml` that throws on a missing key, so a test fails where a page would show `[key]`. */
export function englishTranslator(): Translate {
  const translate = createTranslator(readEnglishMessages());
  return (key, values) => {
    const text = translate(key, values);
    if (text === `[${key}]`) throw new Error(`translation key ${key} is missing from theme-component/locales/en.yml`);
    return text;
  };
}
