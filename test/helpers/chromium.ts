import { existsSync } from 'node:fs';

/** Debian's Chromium, which `.ci/run` installs; browser tests skip, saying so, when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';

export const HAS_CHROMIUM = existsSync(CHROMIUM);

/**
 * Launch flags for a headless Chromium as root on a machine without outside network: without the
 * background-networking flags Chromium keeps trying to reach its update and sync services.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
