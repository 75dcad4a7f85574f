/**
 * A picture of a whole figure as the reader sees it: its pictures, overlays, charts, captions and
 * read-outs (the figure's panels, without its controls), drawn into one canvas where the page laid
 * them out, at `scale` times the page's pixels, with the figure's link under it. Canvases and
 * images are copied; each SVG is drawn from a copy carrying its computed styles; text is drawn word
 * by word where the browser placed each word, in its font and colour.
 */

/** Styles an SVG copy needs to look as it does in the page (its stylesheet does not travel with it). */
const SVG_STYLES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'shape-rendering',
  'visibility',
  'display',
] as const;

const visible = (el: Element): boolean =>
  el.getClientRects().length > 0 && (typeof el.checkVisibility !== 'function' || el.checkVisibility({ visibilityProperty: true, opacityProperty: true }));

/** An SVG element as an image, its computed styles inlined. */
async function svgImage(svg: SVGSVGElement, width: number, height: number): Promise<HTMLImageElement> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, k) => {
    const style = getComputedStyle(el);
    const target = to[k] as SVGElement | undefined;
    if (!target) return;
    target.setAttribute('style', SVG_STYLES.map((p) => `${p}:${style.getPropertyValue(p)}`).join(';'));
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Text under `root` (outside SVGs and controls), word by word with where each word was laid out. */
function words(root: Element): { text: string; x: number; y: number; height: number; el: Element }[] {
  const out: { text: string; x: number; y: number; height: number; el: Element }[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('svg, button, select, input, option, canvas, .nojs-note') || !visible(el)) continue;
    const text = node.textContent ?? '';
    for (const m of text.matchAll(/\S+/g)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rect = range.getBoundingClientRect();
      if (rect.width > 0) out.push({ text: m[0], x: rect.left, y: rect.top, height: rect.height, el });
    }
  }
  return out;
}

export interface PanelOptions {
  /** Page pixels to picture pixels. */
  readonly scale: number;
  /** A line under the panel (the figure's link). */
  readonly footer: string;
}

/** The figure's panels (`.layout` under `root`) as a PNG, drawn as the page shows them. */
export async function panelPng(root: HTMLElement, o: PanelOptions): Promise<Blob> {
  const panel = root.querySelector<HTMLElement>('.layout') ?? root;
  const box = panel.getBoundingClientRect();
  const pad = 16;
  const footerHeight = 28;
  const width = Math.ceil(box.width + 2 * pad);
  const height = Math.ceil(box.height + 2 * pad + footerHeight);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * o.scale);
  canvas.height = Math.round(height * o.scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(o.scale, o.scale);
  const page = getComputedStyle(document.body);
  ctx.fillStyle = page.backgroundColor || '#fff';
  ctx.fillRect(0, 0, width, height);
  const at = (r: DOMRect): [number, number, number, number] => [r.left - box.left + pad, r.top - box.top + pad, r.width, r.height];

  // Frames' black backgrounds and borders first, then pictures and drawings in the page's order.
  for (const frame of panel.querySelectorAll<HTMLElement>('.frame')) {
    if (!visible(frame)) continue;
    const style = getComputedStyle(frame);
    ctx.fillStyle = style.backgroundColor;
    ctx.fillRect(...at(frame.getBoundingClientRect()));
  }
  for (const el of panel.querySelectorAll<HTMLElement | SVGSVGElement>('canvas, img, svg')) {
    if (el instanceof SVGSVGElement && el.parentElement?.closest('svg')) continue;
    if (!visible(el)) continue;
    const [x, y, w, h] = at(el.getBoundingClientRect());
    if (w <= 0 || h <= 0) continue;
    ctx.save();
    ctx.imageSmoothingEnabled = !(getComputedStyle(el).imageRendering === 'pixelated');
    if (el instanceof HTMLCanvasElement || el instanceof HTMLImageElement) ctx.drawImage(el, x, y, w, h);
    else if (el instanceof SVGSVGElement) ctx.drawImage(await svgImage(el, Math.round(w * o.scale), Math.round(h * o.scale)), x, y, w, h);
    ctx.restore();
  }
  ctx.textBaseline = 'top';
  for (const word of words(panel)) {
    const style = getComputedStyle(word.el);
    ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    ctx.fillStyle = style.color;
    const size = parseFloat(style.fontSize) || 14;
    // Line boxes are taller than the glyphs: centre the glyphs in the word's box.
    ctx.fillText(word.text, word.x - box.left + pad, word.y - box.top + pad + Math.max(0, (word.height - size) / 2));
  }
  ctx.font = `12px ${page.fontFamily}`;
  ctx.fillStyle = getComputedStyle(root).color;
  ctx.fillText(o.footer, pad, height - footerHeight + 6, width - 2 * pad);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the picture could not be encoded');
  return blob;
}
