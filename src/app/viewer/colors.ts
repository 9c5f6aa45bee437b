/** Okabe–Ito: eight colours that stay distinct for the common kinds of colour blindness. */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Layer colours beyond the pipeline's own: Okabe–Ito first, then darker companions. */
export const LAYER_PALETTE = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.vermillion,
  OKABE_ITO.skyBlue,
  '#7A6A00',
  '#333333',
];

/** Wall thickness classes (mm, upper bound inclusive), filled with viridis steps (perceptually ordered, CVD-safe). */
export const THICKNESS_CLASSES: { max: number; label: string; color: string }[] = [
  { max: 100, label: '≤ 100 mm', color: '#FDE725' },
  { max: 150, label: '101–150 mm', color: '#5EC962' },
  { max: 200, label: '151–200 mm', color: '#21918C' },
  { max: 250, label: '201–250 mm', color: '#3B528B' },
  { max: Infinity, label: '> 250 mm', color: '#440154' },
];

export function thicknessClass(t: number): number {
  const r = Math.round(t * 10) / 10;
  for (let i = 0; i < THICKNESS_CLASSES.length; i++) if (r <= THICKNESS_CLASSES[i].max) return i;
  return THICKNESS_CLASSES.length - 1;
}

export type Rgba = [number, number, number, number];

export function hexToRgba(hex: string, alpha = 1): Rgba {
  const h = hex.replace('#', '');
  const n = parseInt(h.length === 3 ? h.replace(/./g, (c) => c + c) : h.slice(0, 6), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255, alpha];
}

export function rgbaCss([r, g, b, a]: Rgba): string {
  return `rgba(${Math.round(r * 255)}, ${Math.round(g * 255)}, ${Math.round(b * 255)}, ${a})`;
}

/** Lines of layers that are not selected for the job. */
export const DIMMED: Rgba = [0.55, 0.57, 0.6, 0.45];
export const BACKGROUND = '#fbfbf8';
export const HIGHLIGHT = OKABE_ITO.vermillion;
export const SELECTION = OKABE_ITO.blue;
/** The outline of a job's region. */
export const REGION = OKABE_ITO.reddishPurple;
