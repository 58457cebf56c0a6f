// Small line charts (SVG, no library): one line per series, a shared time axis.

const SVG = 'http://www.w3.org/2000/svg';
const COLOURS = ['#2a7ab0', '#d1682b', '#3c9a5f', '#a23fa2', '#b8a12a', '#c23b3b', '#4b5fc2', '#6b6b6b'];

function node(name, attributes) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) {
    element.setAttribute(key, value);
  }
  return element;
}

/**
 * A chart of series [{name, points: [[timeMs, value], ...]}] with a legend; format turns
 * a value into its label.
 */
export function lineChart(title, series, format) {
  const width = 420;
  const height = 140;
  const pad = { left: 56, right: 8, top: 18, bottom: 18 };
  const figure = document.createElement('figure');
  figure.className = 'chart';
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  figure.append(caption);
  const all = series.flatMap((one) => one.points);
  if (all.length < 2) {
    const empty = document.createElement('p');
    empty.className = 'muted';
    empty.textContent = 'not enough samples yet';
    figure.append(empty);
    return figure;
  }
  const t0 = Math.min(...all.map((p) => p[0]));
  const t1 = Math.max(...all.map((p) => p[0]));
  const vmax = Math.max(1, ...all.map((p) => p[1]));
  const x = (t) => pad.left + ((t - t0) / Math.max(1, t1 - t0)) * (width - pad.left - pad.right);
  const y = (v) => height - pad.bottom - (v / vmax) * (height - pad.top - pad.bottom);
  const svg = node('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  svg.append(node('line', { x1: pad.left, y1: y(0), x2: width - pad.right, y2: y(0), class: 'axis' }));
  const top = node('text', { x: pad.left - 4, y: y(vmax) + 4, 'text-anchor': 'end', class: 'tick' });
  top.textContent = format(vmax);
  const zero = node('text', { x: pad.left - 4, y: y(0), 'text-anchor': 'end', class: 'tick' });
  zero.textContent = format(0);
  const span = node('text', { x: width - pad.right, y: height - 4, 'text-anchor': 'end', class: 'tick' });
  span.textContent = `last ${Math.round((t1 - t0) / 1000)} s`;
  svg.append(top, zero, span);
  const legend = document.createElement('ul');
  legend.className = 'legend';
  series.forEach((one, index) => {
    const colour = COLOURS[index % COLOURS.length];
    const path = one.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`);
    svg.append(node('path', { d: path.join(' '), stroke: colour, fill: 'none', 'stroke-width': 1.5 }));
    const item = document.createElement('li');
    item.style.setProperty('--colour', colour);
    item.textContent = one.name;
    legend.append(item);
  });
  figure.append(svg, legend);
  return figure;
}
