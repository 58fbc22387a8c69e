import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MESSAGE_KEYS } from '../../theme-component/src/widgets/messages';
import { readEnglishMessages, THEME_DIR } from './locale';

interface SettingDefinition {
  default: unknown;
  type?: string;
  choices?: unknown[];
  min?: number;
  max?: number;
}

const themeFile = (...parts: string[]) => join(THEME_DIR, ...parts);
const readTheme = (...parts: string[]) => readFileSync(themeFile(...parts), 'utf8');

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}

/** Hand-written Discourse JavaScript: everything under javascripts/ except the generated bundle. */
function discourseSources(): string[] {
  return filesUnder(themeFile('javascripts')).filter((file) => /\.(gjs|js)$/.test(file) && !file.endsWith('praxis-widgets.js'));
}

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

function leafKeys(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    value && typeof value === 'object' ? leafKeys(value as Record<string, unknown>, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('theme component layout', () => {
  it('has the files Discourse reads', () => {
    for (const path of ['about.json', 'settings.yml', 'locales/en.yml', 'common/common.scss', 'javascripts/discourse/api-initializers/praxis-widgets.gjs']) {
      expect(existsSync(themeFile(path)), path).toBe(true);
    }
  });

  it('has a component about.json', () => {
    const about = JSON.parse(readTheme('about.json')) as { name?: unknown; component?: unknown; modifiers?: { svg_icons?: unknown } };
    expect(typeof about.name).toBe('string');
    expect(about.component).toBe(true);
    expect(Array.isArray(about.modifiers?.svg_icons)).toBe(true);
  });

  it('lists every icon the widgets use', () => {
    const about = JSON.parse(readTheme('about.json')) as { modifiers: { svg_icons: string[] } };
    const source = filesUnder(themeFile('src', 'widgets')).map((file) => readFileSync(file, 'utf8')).join('\n');
    const used = new Set([...source.matchAll(/icon\('([\w-]+)'\)|_ICON = '([\w-]+)'/g)].map((match) => match[1] ?? match[2]));
    expect(used.size).toBeGreaterThan(0);
    for (const name of used) expect(about.modifiers.svg_icons, name).toContain(name);
  });

  it('has valid settings', () => {
    const settings = parse(readTheme('settings.yml')) as Record<string, SettingDefinition>;
    expect(Object.keys(settings).length).toBeGreaterThan(0);
    for (const [name, definition] of Object.entries(settings)) {
      expect(name, name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(definition.default, name).toBeDefined();
      if (definition.type === 'enum') expect(definition.choices, name).toContain(definition.default);
      if (typeof definition.default === 'number') {
        if (definition.min !== undefined) expect(definition.default, name).toBeGreaterThanOrEqual(definition.min);
        if (definition.max !== undefined) expect(definition.default, name).toBeLessThanOrEqual(definition.max);
      }
    }
  });

  it('defaults to a same-origin sidecar path', () => {
    const settings = parse(readTheme('settings.yml')) as Record<string, SettingDefinition>;
    expect(settings.praxis_base_url?.default).toBe('/praxis');
    expect(settings.experiment_tag?.default).toBe('experiment');
    expect(settings.practice_tag?.default).toBe('practice');
  });

  it('describes every setting', () => {
    const settings = parse(readTheme('settings.yml')) as Record<string, SettingDefinition>;
    const messages = readEnglishMessages();
    expect(typeof messages.theme_metadata.description).toBe('string');
    for (const name of Object.keys(settings)) {
      expect(typeof lookup(messages, `theme_metadata.settings.${name}`), name).toBe('string');
    }
  });

  it('reads only declared settings', () => {
    const declared = Object.keys(parse(readTheme('settings.yml')) as object);
    const used = new Set(discourseSources().flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/settings\.([a-z0-9_]+)/g)].map((match) => match[1]!)));
    expect(used.size).toBeGreaterThan(0);
    for (const name of used) expect(declared, name).toContain(name);
  });
});

describe('translations', () => {
  it('cover every key of the widgets', () => {
    const messages = readEnglishMessages();
    for (const key of MESSAGE_KEYS) expect(typeof lookup(messages, key), key).toBe('string');
  });

  it('cover every key of the Discourse files', () => {
    const messages = readEnglishMessages();
    const keys = discourseSources().flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/themePrefix\(\s*["']([\w.]+)["']\s*\)/g)].map((match) => match[1]!));
    for (const key of keys) expect(typeof lookup(messages, key), key).toBe('string');
  });

  it('have no unused keys', () => {
    const { theme_metadata: _metadata, ...widgetMessages } = readEnglishMessages();
    const used = new Set<string>(MESSAGE_KEYS);
    for (const key of leafKeys(widgetMessages)) expect(used.has(key), `${key} in locales/en.yml is used nowhere`).toBe(true);
  });
});

describe('common.scss', () => {
  const scss = readTheme('common', 'common.scss');
  const withoutComments = scss.replace(/\/\*[\s\S]*?\*\//g, '');

  it('uses no hard-coded colours', () => {
    // A literal colour is allowed only as the fallback of var(--name, fallback).
    const outsideFallbacks = withoutComments.replace(/var\(--[\w-]+,[^;]*\)/g, 'var()');
    expect(outsideFallbacks).not.toMatch(/#[0-9a-fA-F]{3,8}\b/);
    expect(outsideFallbacks).not.toMatch(/\b(rgba?|hsla?|hwb|lab|lch|oklch|oklab)\(/);
    expect(outsideFallbacks).not.toMatch(/:\s*(white|black|red|green|blue|gray|grey|yellow|orange)\s*[;!]/);
  });

  it('uses Discourse palette properties', () => {
    expect(withoutComments).toContain('var(--primary)');
    expect(withoutComments).toContain('var(--secondary)');
  });

  it('is plain CSS', () => {
    // Test pages outside Discourse load the file as CSS, where `//` comments and `$variables` break rules.
    expect(withoutComments).not.toMatch(/(^|\s)\/\/[^\n]*/);
    expect(withoutComments).not.toMatch(/\$[a-z]/);
    expect(withoutComments).not.toMatch(/@(use|import|include|mixin)\b/);
  });

  it('prefixes its classes with praxis-', () => {
    const classes = [...withoutComments.matchAll(/\.([a-z][\w-]*)/g)].map((match) => match[1]!);
    const foreign = classes.filter((name) => !name.startsWith('praxis-') && !['post-action-menu__praxis-join-partner', 'is-disabled'].includes(name));
    expect(foreign).toEqual([]);
  });
});

describe('Discourse JavaScript', () => {
  it('imports only files that exist', () => {
    for (const file of discourseSources()) {
      for (const match of readFileSync(file, 'utf8').matchAll(/from "(\.{1,2}\/[^"]+)"/g)) {
        const target = join(dirname(file), match[1]!);
        const found = ['.js', '.gjs'].some((extension) => existsSync(target + extension));
        expect(found, `${relative(THEME_DIR, file)} imports ${match[1]}`).toBe(true);
      }
    }
  });

  it('parses outside its templates', async () => {
    // Glimmer templates need Discourse's compiler; the JavaScript around them must parse on its own.
    for (const file of discourseSources()) {
      const script = readFileSync(file, 'utf8').replace(/<template>[\s\S]*?<\/template>/g, '');
      await expect(transform(script, { loader: 'js', format: 'esm' }), relative(THEME_DIR, file)).resolves.toBeDefined();
    }
  });

  it('closes every widget element in templates', () => {
    for (const file of discourseSources()) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/<(praxis-[a-z-]+)[\s>]/g)) {
        expect(source, `${relative(THEME_DIR, file)} opens <${match[1]}>`).toContain(`</${match[1]}>`);
      }
    }
  });

  it('mutates the post-menu DAG without returning it', () => {
    const initializer = readTheme('javascripts', 'discourse', 'api-initializers', 'praxis-widgets.gjs');
    const transformer = /registerValueTransformer\(\s*"post-menu-buttons",([\s\S]*?)\n {4}\);/.exec(initializer);
    expect(transformer?.[1]).toContain('dag.add("praxis-join-partner"');
    expect(transformer?.[1]).not.toMatch(/\breturn\b/);
  });

  it('names the post-menu button class', () => {
    const source = readFileSync(join(THEME_DIR, 'src', 'widgets', 'join-partner.ts'), 'utf8');
    expect(source).toContain('post-action-menu__praxis-join-partner');
  });
});
