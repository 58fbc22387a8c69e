/*
 * Colour palettes for the test pages, as `:root` custom properties. The base colours are those of
 * Discourse's built-in "Light" and "Dark" schemes. Core computes the derived shades
 * (`--primary-low` and so on) in SCSS, so the values here are approximations picked by eye.
 */

export type PaletteName = 'light' | 'dark';

export const PALETTES: Record<PaletteName, Record<string, string>> = {
  light: {
    primary: '#222222',
    secondary: '#ffffff',
    tertiary: '#0088cc',
    quaternary: '#e45735',
    highlight: '#ffff4d',
    danger: '#c80001',
    success: '#009900',
    'primary-very-low': '#f8f8f8',
    'primary-low': '#e9e9e9',
    'primary-low-mid': '#bdbdbd',
    'primary-medium': '#919191',
    'primary-high': '#646464',
    'tertiary-low': '#d1f0ff',
    'success-low': '#d7f0d7',
    'danger-low': '#f9d9d9',
    'header-background': '#ffffff',
    'shadow-dropdown': '0 2px 12px rgba(0, 0, 0, 0.15)',
  },
  dark: {
    primary: '#dddddd',
    secondary: '#222222',
    tertiary: '#099dd7',
    quaternary: '#c14924',
    highlight: '#a87137',
    danger: '#e45735',
    success: '#1ca551',
    'primary-very-low': '#2b2b2b',
    'primary-low': '#3c3c3c',
    'primary-low-mid': '#6b6b6b',
    'primary-medium': '#8c8c8c',
    'primary-high': '#b5b5b5',
    'tertiary-low': '#123c4f',
    'success-low': '#17361f',
    'danger-low': '#4b2019',
    'header-background': '#111111',
    'shadow-dropdown': '0 2px 12px rgba(0, 0, 0, 0.6)',
  },
};

export function paletteCss(name: PaletteName): string {
  const properties = Object.entries(PALETTES[name])
    .map(([property, value]) => `  --${property}: ${value};`)
    .join('\n');
  return `:root {\n${properties}\n  --font-down-1: 0.8706em;\n  --font-0: 1em;\n  --font-up-1: 1.1487em;\n  color-scheme: ${name};\n}\n`;
}
