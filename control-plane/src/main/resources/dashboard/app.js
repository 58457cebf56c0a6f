// The Atoll dashboard: nodes, instances, one instance's tasks, endpoints, charts, events
// and live console, rollouts and CI leases. Plain modules, no build step; every call goes to the
// API under /api/v1 with the token kept in localStorage.

import { ProblemError, Unauthorized, forgetToken, get, setToken, streamText, token, watch } from './api.js';
import { lineChart } from './chart.js';

const main = document.getElementById('main');
const live = document.getElementById('live');

/** What the current view started (watches, timers, streams); stopped on navigation. */
let stops = [];

function stopAll() {
  stops.forEach((stop) => stop());
  stops = [];
}

/** An element with attributes and children (strings become text, never HTML). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'class') {
      element.className = value;
    } else if (key.startsWith('on')) {
      element.addEventListener(key.slice(2), value);
    } else if (value !== null && value !== undefined && value !== false) {
      element.setAttribute(key, value);
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

function table(columns, rows, empty) {
  if (rows.length === 0) {
    return h('p', { class: 'muted' }, empty);
  }
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map((column) => h('th', {}, column)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell) => h('td', {}, cell))))));
}

function labels(map) {
  const entries = Object.entries(map || {});
  return entries.length === 0 ? '' : h('span', {}, entries.map(([k, v]) => h('code', { class: 'label' }, `${k}=${v}`)));
}

function badge(text) {
  return h('span', { class: `badge ${String(text).toLowerCase()}` }, text);
}

function when(instant) {
  return instant ? new Date(instant).toLocaleTimeString() : '—';
}

function bytes(value) {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = value;
  let unit = 0;
  while (v >= 1024 && unit < units.length - 1) {
    v /= 1024;
    unit += 1;
  }
  return `${v.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function showError(error) {
  if (error instanceof Unauthorized) {
    askForToken('The API refused the token; enter another.');
    return;
  }
  main.replaceChildren(h('p', { class: 'error' }, error.message));
}

function setLive(state) {
  live.textContent = state === 'live' ? '● live' : state === 'retrying' ? '○ reconnecting' : '';
  live.className = `live ${state}`;
}

/**
 * Keeps a map id → object current from a watch stream and calls render after each
 * change (at most once per animation frame).
 */
function watched(path, render) {
  const objects = new Map();
  let pending = false;
  const rerender = () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        render([...objects.values()]);
      });
    }
  };
  stops.push(watch(path, {
    onEvent: (event) => {
      if (event.type === 'DELETED') {
        objects.delete(event.id);
      } else {
        objects.set(event.id, event.object);
      }
      rerender();
    },
    onReset: () => objects.clear(),
    onState: setLive,
    onError: showError,
  }));
  rerender();
}

function nodesView() {
  const body = h('section', {}, h('h2', {}, 'Nodes'), h('p', { class: 'muted' }, 'waiting for the watch stream…'));
  main.replaceChildren(body);
  watched('/api/v1/watch/nodes', (nodes) => {
    nodes.sort((a, b) => a.name.localeCompare(b.name));
    body.replaceChildren(h('h2', {}, `Nodes (${nodes.length})`), table(
      ['name', 'connectivity', 'admin', 'instances', 'memory', 'labels', 'last heartbeat'],
      nodes.map((n) => [n.name, badge(n.connectivity), badge(n.adminState), `${n.instancesUsed} / ${n.instanceSlots}`,
        `${n.memoryUsedMb} / ${n.memoryMb} MB`, labels({ arch: n.architecture, ...n.labels }), when(n.lastHeartbeat)]),
      'No node has registered.'));
  });
}

function condition(instance, type) {
  const found = (instance.conditions || []).find((c) => c.type === type);
  return found ? h('span', { class: `condition ${found.status.toLowerCase()}`, title: `${found.reason}: ${found.message}` },
    type) : null;
}

function instancesView() {
  const body = h('section', {}, h('h2', {}, 'Instances'), h('p', { class: 'muted' }, 'waiting for the watch stream…'));
  main.replaceChildren(body);
  const nodeNames = new Map();
  get('/api/v1/nodes').then((nodes) => nodes.forEach((n) => nodeNames.set(n.id, n.name))).catch(() => {});
  watched('/api/v1/watch/instances', (instances) => {
    instances.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    body.replaceChildren(h('h2', {}, `Instances (${instances.length})`), table(
      ['name', 'phase', 'conditions', 'node', 'system', 'image', 'memory', 'message'],
      instances.map((i) => [h('a', { href: `#/instances/${i.id}` }, i.name),
        badge(i.deleting ? 'Deleting' : i.phase),
        h('span', {}, ['Scheduled', 'Booted', 'SplitApplied', 'Ready'].map((type) => condition(i, type))),
        i.nodeId ? (nodeNames.get(i.nodeId) || i.nodeId.slice(0, 8)) : '—',
        i.systemRevision ? `${i.system} r${i.systemRevision}` : i.system, i.image, `${i.memoryMb} MB`, i.message]),
      'No instance yet.'));
  });
}

function leasesView() {
  const body = h('section', {}, h('h2', {}, 'Leases'));
  main.replaceChildren(body);
  // The list, read again after changes: a lease's queue position moves with the others'.
  let loading = null;
  const load = () => get('/api/v1/leases').then((leases) => {
    body.replaceChildren(h('h2', {}, `Leases (${leases.length})`), table(
      ['CI run', 'owner', 'state', 'queue', 'system', 'instance', 'expires', 'reason'],
      leases.map((l) => [l.ciRunId, l.owner, badge(l.state), l.queuePosition ?? '',
        l.systemRevision ? `${l.system} r${l.systemRevision}` : l.system,
        l.instanceId ? h('a', { href: `#/instances/${l.instanceId}` }, l.endpoint?.instanceName || 'instance') : '—',
        when(l.expiresAt), l.reason]),
      'No lease.'));
  }).catch(showError);
  const changed = () => {
    if (loading === null) {
      loading = setTimeout(() => {
        loading = null;
        load();
      }, 250);
    }
  };
  load();
  stops.push(watch('/api/v1/watch/leases', { onEvent: changed, onReset: changed, onState: setLive, onError: showError }));
  stops.push(() => clearTimeout(loading));
}

function rolloutsView() {
  const body = h('section', {}, h('h2', {}, 'Rollouts'), h('p', { class: 'muted' }, 'waiting for the watch stream…'));
  main.replaceChildren(body);
  watched('/api/v1/watch/rollouts', (rollouts) => {
    rollouts.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    body.replaceChildren(h('h2', {}, `Rollouts (${rollouts.length})`), table(
      ['system', 'to revision', 'state', 'batches', 'instances moved', 'message', 'updated'],
      rollouts.map((r) => {
        const targets = r.batches.flatMap((b) => b.instances);
        const done = targets.filter((t) => ['Healthy', 'Skipped'].includes(t.state)).length;
        return [r.system, r.toRevision, badge(r.state),
          h('span', {}, r.batches.map((b) => badge(`${b.index}: ${b.state}`))),
          `${done} / ${targets.length}`, r.message, when(r.updatedAt)];
      }),
      'No rollout.'));
  });
}

/** Series per name from the history samples: pick(sample) → [{name, value}]. */
function series(samples, pick) {
  const byName = new Map();
  for (const sample of samples) {
    const at = new Date(sample.at).getTime();
    for (const { name, value } of pick(sample)) {
      if (!byName.has(name)) {
        byName.set(name, []);
      }
      byName.get(name).push([at, value]);
    }
  }
  return [...byName.entries()].map(([name, points]) => ({ name, points }));
}

/** Messages per second between consecutive samples, from the endpoints' counters. */
function rates(one) {
  const points = [];
  for (let i = 1; i < one.points.length; i += 1) {
    const [t0, v0] = one.points[i - 1];
    const [t1, v1] = one.points[i];
    if (t1 > t0 && v1 >= v0) {
      points.push([t1, ((v1 - v0) * 1000) / (t1 - t0)]);
    }
  }
  return { name: one.name, points };
}

function instanceView(id) {
  const header = h('section', {});
  const telemetry = h('section', {});
  const charts = h('section', { class: 'charts' });
  const events = h('section', {});
  const consoleSection = consoleView(id);
  main.replaceChildren(header, telemetry, charts, events, consoleSection);

  watched('/api/v1/watch/instances', (instances) => {
    const i = instances.find((one) => one.id === id);
    if (!i) {
      header.replaceChildren(h('h2', {}, 'Instance'), h('p', { class: 'muted' }, 'not in the watch stream (deleted?)'));
      return;
    }
    header.replaceChildren(h('h2', {}, i.name, ' ', badge(i.deleting ? 'Deleting' : i.phase)),
      h('p', {}, i.message),
      h('dl', {},
        h('dt', {}, 'system'), h('dd', {}, i.systemRevision ? `${i.system} revision ${i.systemRevision}` : i.system),
        h('dt', {}, 'image'), h('dd', {}, i.imageVersion ? `${i.image} ${i.imageVersion}` : i.image),
        h('dt', {}, 'node'), h('dd', {}, i.nodeId || '—'),
        h('dt', {}, 'generation'), h('dd', {}, `${i.observedGeneration} of ${i.generation}, boot count ${i.bootCount}`),
        h('dt', {}, 'labels'), h('dd', {}, labels(i.labels))),
      table(['condition', 'status', 'reason', 'message', 'since'],
        (i.conditions || []).map((c) => [c.type, badge(c.status), c.reason, c.message, when(c.lastTransitionTime)]),
        'No conditions yet.'));
  });

  const load = async () => {
    try {
      const [tasks, endpoints, history, eventList] = await Promise.all([
        get(`/api/v1/instances/${id}/tasks`), get(`/api/v1/instances/${id}/endpoints`),
        get(`/api/v1/instances/${id}/history`), get(`/api/v1/instances/${id}/events`)]);
      telemetry.replaceChildren(
        h('h3', {}, 'Tasks ', h('small', { class: 'muted' }, `reported ${when(tasks.reportedAt)}`)),
        table(['name', 'kind', 'state', 'priority', 'memory used', 'budget'],
          tasks.tasks.map((t) => [t.name, t.kind, badge(t.state), t.priority, bytes(t.memoryUsedBytes),
            bytes(t.memoryBudgetBytes)]), 'No telemetry yet.'),
        h('h3', {}, 'Endpoints'),
        table(['name', 'server', 'clients', 'messages'],
          endpoints.endpoints.map((e) => [e.name, e.server, e.clients.join(', ') || '—', e.messages]),
          'No endpoint reported.'));
      const memory = series(history.samples, (s) => s.tasks.map((t) => ({ name: t.name, value: t.memoryUsedBytes })));
      const messages = series(history.samples, (s) => s.endpoints.map((e) => ({ name: e.name, value: e.messages })))
        .map(rates);
      charts.replaceChildren(h('h3', {}, `History (${history.samples.length} samples)`),
        lineChart('memory used per task', memory, bytes),
        lineChart('messages per second per endpoint', messages, (v) => v.toFixed(1)));
      events.replaceChildren(h('h3', {}, 'Events'),
        table(['at', 'reason', 'message'], eventList.map((e) => [when(e.at), e.reason, e.message]), 'No events.'));
    } catch (error) {
      if (error instanceof ProblemError && error.status === 404) {
        telemetry.replaceChildren(h('p', { class: 'muted' }, 'This instance is gone.'));
        return;
      }
      showError(error);
    }
  };
  load();
  const timer = setInterval(load, 5000);
  stops.push(() => clearInterval(timer));
}

/** The live console: a source, then its last lines and (followed) its new ones. */
function consoleView(id) {
  const output = h('pre', { class: 'console' });
  const source = h('input', { value: 'system', size: 12, pattern: 'kernel|system|console-[0-9]{1,3}',
    title: 'kernel, system or console-N' });
  const status = h('span', { class: 'muted' });
  let controller = null;
  const stop = () => {
    if (controller) {
      controller.abort();
      controller = null;
    }
  };
  stops.push(stop);
  const start = () => {
    stop();
    controller = new AbortController();
    output.textContent = '';
    status.textContent = 'following…';
    const path = `/api/v1/instances/${id}/console?source=${encodeURIComponent(source.value)}&lines=200&follow=true`;
    streamText(path, (text) => {
      const atBottom = output.scrollTop + output.clientHeight >= output.scrollHeight - 4;
      output.append(text);
      if (output.textContent.length > 200000) {
        output.textContent = output.textContent.slice(-100000);
      }
      if (atBottom) {
        output.scrollTop = output.scrollHeight;
      }
    }, controller.signal)
      .then(() => { status.textContent = 'the console ended'; })
      .catch((error) => {
        if (error.name !== 'AbortError') {
          status.textContent = error.message;
        }
      });
  };
  return h('section', {}, h('h3', {}, 'Console'),
    h('form', { onsubmit: (event) => { event.preventDefault(); start(); } },
      h('label', {}, 'source ', source), ' ', h('button', { type: 'submit' }, 'Follow'), ' ',
      h('button', { type: 'button', onclick: () => { stop(); status.textContent = 'stopped'; } }, 'Stop'), ' ', status),
    output);
}

function askForToken(message) {
  const dialog = document.getElementById('token-dialog');
  const error = document.getElementById('token-error');
  error.hidden = !message;
  error.textContent = message || '';
  stopAll();
  if (!dialog.open) {
    dialog.showModal();
  }
}

function route() {
  stopAll();
  setLive('');
  if (!token()) {
    askForToken(null);
    return;
  }
  document.getElementById('forget-token').hidden = false;
  const [, view, id] = (location.hash || '#/instances').split('/');
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('current', a.dataset.view === view));
  if (view === 'nodes') {
    nodesView();
  } else if (view === 'leases') {
    leasesView();
  } else if (view === 'rollouts') {
    rolloutsView();
  } else if (view === 'instances' && id) {
    instanceView(decodeURIComponent(id));
  } else {
    instancesView();
  }
}

document.getElementById('token-form').addEventListener('submit', () => {
  setToken(document.getElementById('token-input').value);
  document.getElementById('token-input').value = '';
  route();
});
document.getElementById('forget-token').addEventListener('click', () => {
  forgetToken();
  route();
});
window.addEventListener('hashchange', route);
route();
