// The studio page: reads everything from the API with the token the user gives (kept
// in this tab's session storage only) and renders it with textContent, never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
const KEY = 'pgbatch-token';

// An element with attributes and children (strings become text nodes).
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + sessionStorage.getItem(KEY) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try {
    data = await response.json();
  } catch (_) {
    data = { message: response.statusText };
  }
  if (!response.ok) {
    const error = new Error(data.message || response.statusText);
    error.status = response.status;
    throw error;
  }
  return data;
}

function showError(error) {
  const box = $('error');
  box.textContent = error ? `${error.status ? error.status + ': ' : ''}${error.message}` : '';
  box.hidden = !error;
}

const time = (text) => (text ? text.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '');
const ms = (value) => (value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value} ms`);

function renderStatus(status) {
  const s = status.status;
  $('summary').replaceChildren(
    el('span', { class: s.isUpToDate ? 'ok' : 'warn' }, status.message),
    ' ',
    el('span', { class: 'muted' },
      `${s.appliedMigrations.length} applied, ${s.pendingMigrations.length} pending, table ${status.table}`),
  );
  $('access').replaceChildren(
    el('span', { class: 'badge', id: 'access-level' }, status.access === 'admin' ? 'admin token' : 'read-only token'),
  );
  const batches = status.batches.slice().reverse().map((batch) =>
    el('div', { class: 'batch', 'data-batch': batch.batch },
      el('h3', {}, `Batch ${batch.batch}`,
        el('span', { class: 'muted' }, ` · ${time(batch.firstAppliedAt)} · ${ms(batch.durationMs)}`)),
      el('table', {},
        el('tr', {}, el('th', {}, 'Migration'), el('th', {}, 'Applied at'), el('th', {}, 'Duration'), el('th', {}, 'State')),
        batch.migrations.map((label) => {
          const entry = status.migrations.find((m) => m.label === label) || {};
          return el('tr', {},
            el('td', {}, el('code', {}, label)),
            el('td', {}, time(entry.executedAt)),
            el('td', {}, entry.durationMs === undefined ? '' : ms(entry.durationMs)),
            el('td', { class: entry.state === 'applied' ? 'ok' : 'bad' }, entry.state));
        }))));
  $('batches').replaceChildren(...(batches.length ? batches : [el('p', { class: 'muted' }, 'Nothing applied yet.')]));
  const odd = status.migrations.filter((m) => !['applied', 'pending'].includes(m.state));
  if (odd.length) {
    $('batches').prepend(el('p', { class: 'bad' },
      odd.map((m) => `${m.label}: ${m.state}`).join('; ')));
  }
}

function renderPlan(status, plan) {
  const byMigration = new Map();
  for (const step of plan.steps) {
    if (!byMigration.has(step.migration)) byMigration.set(step.migration, []);
    byMigration.get(step.migration).push(step);
  }
  const items = [...byMigration.entries()].map(([label, steps]) =>
    el('div', { class: 'pending-migration', 'data-migration': label },
      el('h3', {}, el('code', {}, label)),
      steps.map((step) => [
        el('div', { class: 'muted' },
          `step ${step.number} of ${step.steps}${step.transactional ? '' : ', alone, outside a transaction'}`),
        el('pre', { class: 'sql' }, step.sql),
      ])));
  $('pending').replaceChildren(...(items.length
    ? [el('p', { class: 'muted' }, plan.message), ...items]
    : [el('p', { class: 'ok' }, 'Nothing pending.')]));
  $('apply').hidden = !(status.access === 'admin' && plan.batch !== null);
}

function renderSchema(schema) {
  const drift = schema.drift;
  const drifted = new Set();
  if (drift) {
    for (const difference of drift.differences) {
      drifted.add(`${difference.kind} ${difference.name}`);
    }
  }
  const mark = (object) => (drifted.has(`${object.kind} ${object.name}`) ? 'drift' : '');
  const tables = schema.objects.filter((o) => o.kind === 'table');
  const owned = (table, kind) => schema.objects.filter((o) => o.kind === kind && o.parent === table.name);
  const short = (object, table) => object.name.slice(table.name.length + 1);
  const cards = tables.map((table) =>
    el('div', { class: 'table-card ' + mark(table), 'data-table': table.name },
      el('h3', {}, el('code', {}, table.name), table.attributes.comment ? el('span', { class: 'muted' }, ' — ' + table.attributes.comment) : null),
      el('table', {},
        el('tr', {}, el('th', {}, 'Column'), el('th', {}, 'Type'), el('th', {}, 'Null'), el('th', {}, 'Default')),
        owned(table, 'column').map((column) => el('tr', { class: mark(column) },
          el('td', {}, el('code', {}, short(column, table))),
          el('td', {}, column.attributes.type || ''),
          el('td', {}, column.attributes['not null'] ? 'not null' : 'null'),
          el('td', {}, el('code', {}, column.attributes.default || column.attributes.identity || column.attributes.generated || ''))))),
      ['constraint', 'index', 'trigger', 'policy'].map((kind) => {
        const objects = owned(table, kind);
        if (!objects.length) return null;
        return el('table', {},
          el('tr', {}, el('th', {}, kind[0].toUpperCase() + kind.slice(1)), el('th', {}, 'Definition')),
          objects.map((object) => el('tr', { class: mark(object) },
            el('td', {}, el('code', {}, kind === 'index' ? object.name : short(object, table))),
            el('td', {}, el('code', {}, object.attributes.definition || '')))));
      })));
  const others = schema.objects.filter((o) =>
    !['table', 'column', 'constraint', 'index', 'trigger', 'policy', 'schema'].includes(o.kind));
  if (others.length) {
    cards.push(el('div', { class: 'table-card' }, el('h3', {}, 'Other objects'),
      el('table', {}, el('tr', {}, el('th', {}, 'Kind'), el('th', {}, 'Name'), el('th', {}, 'Definition')),
        others.map((object) => el('tr', { class: mark(object) },
          el('td', {}, object.kind), el('td', {}, el('code', {}, object.name)),
          el('td', {}, el('code', {}, object.attributes.definition || object.attributes.labels || object.attributes.type || '')))))));
  }
  $('schema').replaceChildren(...(cards.length ? cards : [el('p', { class: 'muted' }, 'No tables yet.')]));
  if (drift) {
    $('drift-summary').replaceChildren(el('span', { class: drift.differences.length ? 'bad' : 'ok', id: 'drift-verdict' },
      drift.differences.length ? `${drift.differences.length} difference(s) from the migrations` : 'No drift: the schema is what the migrations make.'));
    $('drift').replaceChildren(...drift.differences.map((d) => el('div', { class: 'drift difference' },
      el('code', {}, `${d.kind} ${d.name}`), ' ',
      d.change === 'changed' ? `${d.attribute}: migrations make ${JSON.stringify(d.expected)}, database has ${JSON.stringify(d.actual)}`
        : d.change === 'missing' ? 'made by the migrations, missing from the database'
          : 'in the database, not made by the migrations')));
  }
}

async function refresh(withDrift) {
  showError(null);
  const status = await api('GET', '/api/migrations');
  const plan = await api('GET', '/api/migrations/plan');
  const schema = await api('GET', withDrift ? '/api/schema?drift=true' : '/api/schema');
  renderStatus(status);
  renderPlan(status, plan);
  renderSchema(schema);
  for (const id of ['overview', 'pending-section', 'history-section', 'schema-section']) $(id).hidden = false;
  $('notice').hidden = true;
  $('forget').hidden = false;
  document.body.dataset.loaded = 'true';
}

async function guarded(button, work) {
  button.disabled = true;
  try {
    await work();
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
}

async function apply() {
  const result = $('result');
  result.hidden = true;
  let answer;
  try {
    answer = await api('POST', '/api/migrations');
  } catch (error) {
    result.replaceChildren(el('p', { class: 'bad', id: 'result-message' }, error.message));
    result.hidden = false;
    await refresh(false).catch(showError);
    return;
  }
  result.replaceChildren(
    el('p', { class: 'ok', id: 'result-message' }, answer.message),
    el('ul', {}, answer.results.map((r) => el('li', {}, el('code', {}, r.name), ` ${ms(r.durationMs)}`))));
  result.hidden = false;
  await refresh(false);
}

document.addEventListener('DOMContentLoaded', () => {
  $('login').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, $('token').value.trim());
    $('token').value = '';
    guarded($('connect'), () => refresh(false));
  });
  $('forget').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    location.reload();
  });
  $('apply').addEventListener('click', () => guarded($('apply'), apply));
  $('drift-check').addEventListener('click', () => guarded($('drift-check'), () => refresh(true)));
  if (sessionStorage.getItem(KEY)) guarded($('connect'), () => refresh(false));
});
