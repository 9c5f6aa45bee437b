/**
 * Canvas 2D renderer: the fallback where WebGL2 is missing, and the painter of PNG exports. Same scene, same
 * batching by layer and culling by chunk as the WebGL renderer.
 */
import { intersects, visibleRect } from './camera';
import { BACKGROUND, HIGHLIGHT, OKABE_ITO, REGION, rgbaCss, SELECTION, hexToRgba } from './colors';
import { boxRing, HOVER_PX, LOD_PX, lodCount, MARKER_PX, REGION_PX, SELECT_PX, type FrameState, type Renderer } from './frame';
import { itemRing, type Scene } from './scene';

export function paintCanvas(ctx: CanvasRenderingContext2D, scene: Scene, f: FrameState): void {
  const { camera: c, viewport: v } = f;
  const ox = scene.origin.x, oy = scene.origin.y;
  ctx.setTransform(f.dpr, 0, 0, f.dpr, 0, 0);
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, v.width, v.height);
  const hw = v.width / 2, hh = v.height / 2;
  const sx = (x: number) => (x - c.cx) * c.scale + hw;
  const sy = (y: number) => hh - (y - c.cy) * c.scale;
  // Layer vertices are relative to the origin.
  const rx = (x: number) => (x + ox - c.cx) * c.scale + hw;
  const ry = (y: number) => hh - (y + oy - c.cy) * c.scale;
  const view = visibleRect(c, v);
  const ringPath = (r: ArrayLike<number>) => {
    ctx.moveTo(sx(r[0]), sy(r[1]));
    for (let i = 2; i < r.length; i += 2) ctx.lineTo(sx(r[i]), sy(r[i + 1]));
    ctx.closePath();
  };
  const visibleOverlays = scene.overlays.filter((o) => f.overlayVisible.has(o.key));
  ctx.lineWidth = 1;
  for (const o of visibleOverlays) {
    if (o.markers) continue;
    o.groups.forEach((g, gi) => {
      ctx.beginPath();
      for (let i = 0; i < o.count; i++) if (o.group[i] === gi) ringPath(itemRing(o, i));
      ctx.fillStyle = rgbaCss(hexToRgba(g.color, g.fillAlpha));
      ctx.fill();
    });
  }
  for (const pass of [false, true]) {
    scene.layers.forEach((layer, i) => {
      if (layer.highlighted !== pass || !f.layerVisible[i]) return;
      ctx.beginPath();
      const vt = layer.verts;
      for (const ch of layer.chunks) {
        if (!intersects(ch, view)) continue;
        const count = lodCount(layer.lens, ch.start, ch.count, LOD_PX / c.scale);
        for (let k = ch.start * 4, e = (ch.start + count) * 4; k < e; k += 4) {
          ctx.moveTo(rx(vt[k]), ry(vt[k + 1]));
          ctx.lineTo(rx(vt[k + 2]), ry(vt[k + 3]));
        }
      }
      ctx.strokeStyle = rgbaCss(layer.rgba);
      ctx.stroke();
    });
  }
  for (const o of visibleOverlays) {
    o.groups.forEach((g, gi) => {
      ctx.beginPath();
      if (o.markers) {
        for (let i = 0; i < o.count; i++) {
          if (o.group[i] !== gi) continue;
          const x = o.coords[o.start[i] * 2], y = o.coords[o.start[i] * 2 + 1];
          ctx.moveTo(sx(x) + MARKER_PX / 2, sy(y));
          ctx.arc(sx(x), sy(y), MARKER_PX / 2, 0, Math.PI * 2);
        }
        ctx.fillStyle = g.color;
        ctx.fill();
        return;
      }
      for (let i = 0; i < o.count; i++) if (o.group[i] === gi) ringPath(itemRing(o, i));
      ctx.strokeStyle = rgbaCss(hexToRgba(g.color, 0.85));
      ctx.stroke();
    });
    const axes = o.axis;
    if (axes && axes.length) {
      ctx.beginPath();
      for (let k = 0; k < axes.length; k += 4) {
        ctx.moveTo(sx(axes[k]), sy(axes[k + 1]));
        ctx.lineTo(sx(axes[k + 2]), sy(axes[k + 3]));
      }
      ctx.strokeStyle = 'rgba(38, 38, 38, 0.55)';
      ctx.stroke();
    }
  }
  const outline = (r: ArrayLike<number>, closed: boolean, width: number, color: string) => {
    ctx.beginPath();
    ctx.moveTo(sx(r[0]), sy(r[1]));
    for (let i = 2; i < r.length; i += 2) ctx.lineTo(sx(r[i]), sy(r[i + 1]));
    if (closed) ctx.closePath();
    ctx.lineWidth = width;
    ctx.strokeStyle = color;
    ctx.lineJoin = 'round';
    ctx.stroke();
  };
  for (const s of f.selection) outline(s.ring, s.closed, SELECT_PX, SELECTION);
  if (f.hover) outline(f.hover.ring, f.hover.closed, HOVER_PX, HIGHLIGHT);
  if (f.measure?.b) outline([...f.measure.a, ...f.measure.b], false, 2, OKABE_ITO.black);
  if (f.region) outline(boxRing(f.region), true, REGION_PX, REGION);
  ctx.fillStyle = OKABE_ITO.vermillion;
  for (const p of [f.measure?.a, f.measure?.b, f.snap]) {
    if (!p) continue;
    ctx.beginPath();
    ctx.arc(sx(p[0]), sy(p[1]), 3.5, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.lineWidth = 1;
}

export function createCanvasRenderer(canvas: HTMLCanvasElement, scene: Scene): Renderer {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('Canvas 2D is not available');
  return {
    kind: 'canvas2d',
    render(f) {
      const w = Math.max(1, Math.round(f.viewport.width * f.dpr)), h = Math.max(1, Math.round(f.viewport.height * f.dpr));
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
      paintCanvas(ctx, scene, f);
    },
    renderSlice(f) {
      this.render(f);
      return true;
    },
    finish() {},
    dispose() {},
  };
}

/** The current view as a PNG, painted off screen at the screen's pixel density. */
export function exportViewPng(scene: Scene, f: FrameState): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(f.viewport.width * f.dpr);
  canvas.height = Math.round(f.viewport.height * f.dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.reject(new Error('Canvas 2D is not available'));
  paintCanvas(ctx, scene, { ...f, hover: null });
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be encoded.'))), 'image/png'));
}
