// @ts-check
/** A line chart as plain SVG: median time against corpus size, one line per tool. No chart library. */

/** @typedef {{ label: string, points: Array<[number, number]> }} Series */

const COLORS = ["#0b6bcb", "#d9480f", "#2b8a3e", "#862e9c", "#495057"];
const WIDTH = 760;
const HEIGHT = 440;
const MARGIN = { top: 48, right: 28, bottom: 56, left: 64 };

/** @param {string} s */
const escape = (s) => s.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;").replace(/"/gu, "&quot;");

/** Round numbers for axis ticks: 1, 2 or 5 times a power of ten. @param {number} max @param {number} count */
function ticks(max, count) {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out = [0];
  // The last tick is the first at or past the maximum, so no point falls outside the plot.
  while ((out[out.length - 1] ?? 0) < max) out.push(Number((out.length * step).toPrecision(12)));
  return out;
}

/**
 * @param {Series[]} series
 * @param {{ title: string, xLabel: string, yLabel: string }} text
 * @returns {string}
 */
export function lineChart(series, text) {
  const xs = series.flatMap((s) => s.points.map(([x]) => x));
  const ys = series.flatMap((s) => s.points.map(([, y]) => y));
  const xTicks = ticks(Math.max(1, ...xs), 5);
  const yTicks = ticks(Math.max(0.1, ...ys) * 1.05, 5);
  const xMax = xTicks[xTicks.length - 1] ?? 1;
  const yMax = yTicks[yTicks.length - 1] ?? 1;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (/** @type {number} */ x) => (MARGIN.left + (x / xMax) * plotW).toFixed(1);
  const py = (/** @type {number} */ y) => (MARGIN.top + plotH - (y / yMax) * plotH).toFixed(1);

  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${String(WIDTH)}" height="${String(HEIGHT)}" viewBox="0 0 ${String(WIDTH)} ${String(HEIGHT)}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<title>${escape(text.title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${String(MARGIN.left)}" y="24" font-size="15" font-weight="600" fill="#212529">${escape(text.title)}</text>`,
  ];
  for (const y of yTicks) {
    out.push(`<line x1="${String(MARGIN.left)}" x2="${String(WIDTH - MARGIN.right)}" y1="${py(y)}" y2="${py(y)}" stroke="#e9ecef"/>`);
    out.push(`<text x="${String(MARGIN.left - 8)}" y="${py(y)}" dy="4" text-anchor="end" fill="#495057">${String(y)}</text>`);
  }
  for (const x of xTicks) {
    out.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${String(MARGIN.top)}" y2="${String(MARGIN.top + plotH)}" stroke="#f1f3f5"/>`);
    out.push(`<text x="${px(x)}" y="${String(MARGIN.top + plotH + 18)}" text-anchor="middle" fill="#495057">${x.toLocaleString("en-US")}</text>`);
  }
  out.push(`<line x1="${String(MARGIN.left)}" x2="${String(MARGIN.left)}" y1="${String(MARGIN.top)}" y2="${String(MARGIN.top + plotH)}" stroke="#868e96"/>`);
  out.push(`<line x1="${String(MARGIN.left)}" x2="${String(WIDTH - MARGIN.right)}" y1="${String(MARGIN.top + plotH)}" y2="${String(MARGIN.top + plotH)}" stroke="#868e96"/>`);
  out.push(`<text x="${String(MARGIN.left + plotW / 2)}" y="${String(HEIGHT - 14)}" text-anchor="middle" fill="#212529">${escape(text.xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${String(MARGIN.top + plotH / 2)}) rotate(-90)" text-anchor="middle" fill="#212529">${escape(text.yLabel)}</text>`);

  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length] ?? "#000000";
    const points = [...s.points].sort((a, b) => a[0] - b[0]);
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2.2" points="${points.map(([x, y]) => `${px(x)},${py(y)}`).join(" ")}"/>`);
    for (const [x, y] of points) out.push(`<circle cx="${px(x)}" cy="${py(y)}" r="3.5" fill="${color}"><title>${escape(`${s.label}: ${x.toLocaleString("en-US")} files, ${y.toFixed(2)} s`)}</title></circle>`);
    const ly = MARGIN.top + 10 + i * 18;
    out.push(`<line x1="${String(MARGIN.left + 14)}" x2="${String(MARGIN.left + 36)}" y1="${String(ly)}" y2="${String(ly)}" stroke="${color}" stroke-width="2.2"/>`);
    out.push(`<text x="${String(MARGIN.left + 42)}" y="${String(ly)}" dy="4" fill="#212529">${escape(s.label)}</text>`);
  });
  out.push(`</svg>`);
  return `${out.join("\n")}\n`;
}
