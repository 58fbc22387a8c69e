import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BUNDLE_PATH, buildBundle } from '../../theme-component/src/build/build-bundle';

/** Gzipped size limit of the bundle in bytes (25 KB), so the widgets stay a small part of a forum page. */
const MAX_GZIPPED_BYTES = 25 * 1024;

describe('widget bundle', () => {
  const committed = readFileSync(BUNDLE_PATH, 'utf8');

  it('matches a fresh build of the source', async () => {
    const fresh = await buildBundle();
    // A mismatch means the source changed without `npm run build:theme`.
    expect(committed === fresh, 'javascripts/discourse/lib/praxis-widgets.js is stale; run npm run build:theme').toBe(true);
  });

  it('stays under 25 KB gzipped', () => {
    expect(gzipSync(committed).byteLength).toBeLessThan(MAX_GZIPPED_BYTES);
  });

  it('imports nothing', () => {
    expect(committed).not.toMatch(/^\s*import\b/m);
  });

  it('exports the registration function', () => {
    expect(committed).toMatch(/export\s*\{[^}]*\bregisterPraxisElements\b[^}]*\}/);
    expect(committed).toMatch(/export\s*\{[^}]*\btopicKindOf\b[^}]*\}/);
  });

  it('avoids names Discourse injects', () => {
    // Discourse adds `settings` and `themePrefix` to every theme module; a second declaration would clash.
    const code = committed.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
    expect(code).not.toMatch(/\bsettings\b/);
    expect(code).not.toMatch(/\bthemePrefix\b/);
  });
});
