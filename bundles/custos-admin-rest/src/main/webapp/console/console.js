// Custos console: plain JavaScript, no external resources. The token stays in sessionStorage of this tab and
// is sent only in the Authorization header of same-origin API calls. Text from the API is inserted with
// textContent, never as HTML.
(function () {
  'use strict';
  const API = '../api/';
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);
  let me = null;

  function token() { return sessionStorage.getItem('custos-token'); }

  async function api(method, path, body) {
    const headers = { 'Authorization': 'Bearer ' + token(), 'Accept': 'application/json' };
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    const r = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit' });
    const text = await r.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (!r.ok) {
      const err = new Error(data && data.detail ? data.detail : ('HTTP ' + r.status));
      err.status = r.status;
      throw err;
    }
    return data;
  }

  function say(text, ok) {
    const m = $('message');
    m.textContent = text;
    m.className = ok ? 'ok' : '';
    m.hidden = !text;
  }

  function cell(tr, text, cls) {
    const td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '' : String(text);
    if (cls) { td.className = cls; }
    tr.appendChild(td);
    return td;
  }

  function button(label, cls, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    if (cls) { b.className = cls; }
    b.addEventListener('click', onClick);
    return b;
  }

  function has(role) { return me && me.roles.indexOf(role) >= 0; }

  async function signIn() {
    const t = $('token').value.trim();
    if (!t) { say('Paste a token first.'); return; }
    sessionStorage.setItem('custos-token', t);
    $('token').value = '';
    try {
      me = await api('GET', 'me');
    } catch (e) {
      sessionStorage.removeItem('custos-token');
      say('Sign-in refused: ' + e.message);
      return;
    }
    $('whoami').textContent = me.principal + ' (' + (me.roles.join(', ') || 'no Custos role') + ')';
    $('session').hidden = false;
    $('sign-in-panel').hidden = true;
    say('');
    await refresh();
  }

  function signOut() {
    sessionStorage.removeItem('custos-token');
    me = null;
    ['session', 'keys-panel', 'approvals-panel', 'jobs-panel', 'audit-panel'].forEach((id) => { $(id).hidden = true; });
    $('sign-in-panel').hidden = false;
    $('verdict').textContent = '';
    say('');
  }

  async function refresh() {
    const reader = has('auditor') || has('key-custodian') || has('security-officer');
    const auditor = has('auditor') || has('security-officer');
    $('keys-panel').hidden = !reader;
    $('approvals-panel').hidden = !reader;
    $('jobs-panel').hidden = !reader;
    $('audit-panel').hidden = !auditor;
    const tasks = [];
    if (reader) { tasks.push(loadKeys(), loadApprovals(), loadJobs()); }
    if (auditor) { tasks.push(loadAudit(), loadReads()); }
    if (!reader && !auditor) { say('This token holds no administrative Custos role.'); }
    try { await Promise.all(tasks); } catch (e) { say(e.message); }
  }

  async function loadKeys() {
    const keys = await api('GET', 'keys');
    const body = $('keys-table').tBodies[0];
    body.replaceChildren();
    keys.forEach((k) => {
      const tr = document.createElement('tr');
      tr.dataset.keyId = k.keyId;
      cell(tr, k.keyId);
      cell(tr, k.tenant);
      cell(tr, k.dataClass + (k.subject ? ' / ' + k.subject : ''));
      cell(tr, k.usage);
      cell(tr, k.currentVersion, 'version');
      cell(tr, k.state, 'state state-' + k.state);
      const age = cell(tr, '');
      const bar = document.createElement('span');
      const frac = k.cryptoperiodDays > 0 ? Math.min(1, k.ageDays / k.cryptoperiodDays) : 0;
      bar.className = 'bar' + (k.rotationDue ? ' due' : frac > 0.8 ? ' warn' : '');
      const fill = document.createElement('span');
      fill.style.width = Math.max(2, Math.round(frac * 100)) + '%';
      bar.appendChild(fill);
      age.appendChild(bar);
      age.appendChild(document.createTextNode(' ' + k.ageDays + ' / ' + k.cryptoperiodDays + ' d'));
      const actions = cell(tr, '');
      if (has('key-custodian') && !k.keyEncryptionKey && !k.shredded) {
        actions.appendChild(button('Rotate', 'rotate', async () => {
          try {
            const r = await api('POST', 'keys/' + k.keyId + '/rotate');
            say('Key ' + r.keyId + ' rotated to version ' + r.currentVersion + '.', true);
            await refresh();
          } catch (e) { say(e.message); }
        }));
      }
      body.appendChild(tr);
    });
  }

  async function loadApprovals() {
    const list = await api('GET', 'destructions?status=PENDING');
    const body = $('approvals-table').tBodies[0];
    body.replaceChildren();
    if (list.length === 0) {
      const tr = document.createElement('tr');
      cell(tr, 'No pending requests.').colSpan = 6;
      body.appendChild(tr);
    }
    list.forEach((d) => {
      const tr = document.createElement('tr');
      tr.dataset.requestId = d.id;
      cell(tr, d.id);
      cell(tr, d.kind === 'KEY' ? 'key ' + d.keyId : d.kind === 'SUBJECT' ? 'subject ' + d.subject + ' of ' + d.tenant
        : 'tenant ' + d.tenant);
      cell(tr, d.requestedBy);
      cell(tr, d.notBefore);
      cell(tr, d.approvers.length + ' / ' + d.approvalsNeeded + (d.approvers.length ? ' (' + d.approvers.join(', ') + ')' : ''));
      const actions = cell(tr, '');
      if (has('security-officer')) {
        actions.appendChild(button('Approve', 'approve', () => decide(d.id, 'approve')));
        actions.appendChild(document.createTextNode(' '));
        actions.appendChild(button('Reject', 'reject danger', () => decide(d.id, 'cancel')));
      }
      body.appendChild(tr);
    });
  }

  async function decide(id, what) {
    try {
      await api('POST', 'destructions/' + id + '/' + what);
      say('Request ' + id + (what === 'approve' ? ' approved.' : ' rejected.'), true);
      await refresh();
    } catch (e) { say(e.message); }
  }

  function duration(seconds) {
    if (seconds < 0) { return ''; }
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    return (h ? h + ' h ' : '') + (h || m ? m + ' min ' : '') + s + ' s';
  }

  async function loadJobs() {
    const view = await api('GET', 'jobs');
    const body = $('jobs-table').tBodies[0];
    body.replaceChildren();
    $('job-start').hidden = !(view.available && has('key-custodian'));
    $('jobs-note').textContent = view.available ? (view.jobs.length ? '' : 'No jobs.') : 'Not available: ' + view.note;
    view.jobs.forEach((j) => {
      const tr = document.createElement('tr');
      cell(tr, j.jobId.substring(0, 8));
      cell(tr, j.keyId);
      cell(tr, j.state + (j.requested && j.requested !== 'RUN' && j.state === 'RUNNING' ? ' (' + j.requested.toLowerCase() + ' requested)' : ''));
      const td = document.createElement('td');
      const p = document.createElement('progress');
      if (j.total > 0) { p.max = j.total; p.value = Math.min(j.processed, j.total); }
      td.appendChild(p);
      tr.appendChild(td);
      cell(tr, j.processed + ' / ' + (j.rowsLeft >= 0 ? j.rowsLeft : '?'));
      cell(tr, j.rate ? Math.round(j.rate) + ' rows/s' + (j.throttle ? ' (max ' + j.throttle + ')' : '') : (j.throttle ? 'max ' + j.throttle + ' rows/s' : ''));
      cell(tr, duration(j.secondsLeft === undefined ? -1 : j.secondsLeft));
      cell(tr, (j.rewritten || 0) + ' / ' + (j.casMisses || 0) + ' / ' + (j.failedValues || 0) + (j.message ? ' — ' + j.message : ''));
      const actions = document.createElement('td');
      const live = j.state === 'QUEUED' || j.state === 'RUNNING' || j.state === 'PAUSED';
      if ((j.state === 'RUNNING' || j.state === 'QUEUED') && j.requested === 'RUN' && (has('key-custodian') || has('security-officer'))) {
        actions.appendChild(button('Pause', null, () => jobAction(j.jobId, 'pause')));
      }
      if ((j.state === 'PAUSED' || j.requested === 'PAUSE') && has('key-custodian')) {
        actions.appendChild(button('Resume', null, () => jobAction(j.jobId, 'resume')));
      }
      if (live && j.requested !== 'CANCEL' && (has('key-custodian') || has('security-officer'))) {
        actions.appendChild(button('Throttle…', null, () => throttleJob(j.jobId, j.throttle || 0)));
        actions.appendChild(button('Cancel', null, () => jobAction(j.jobId, 'cancel')));
      }
      tr.appendChild(actions);
      body.appendChild(tr);
    });
  }

  async function jobAction(id, what) {
    try {
      await api('POST', 'jobs/' + encodeURIComponent(id) + '/' + what);
      say('Job ' + id.substring(0, 8) + ': ' + what + ' requested.', true);
      await loadJobs();
    } catch (e) { say(e.message); }
  }

  // a prompt, not an input in the row: the panel is redrawn every 3 s and would drop what is being typed
  async function throttleJob(id, current) {
    const answer = window.prompt('Most rows per second for job ' + id.substring(0, 8) + ' (0 = no limit)', String(current));
    if (answer === null) { return; }
    const n = Number(answer.trim());
    if (!Number.isInteger(n) || n < 0) { say('Enter 0 or a whole number of rows per second.'); return; }
    try {
      await api('POST', 'jobs/' + encodeURIComponent(id) + '/throttle', { rowsPerSecond: n });
      say('Job ' + id.substring(0, 8) + ': ' + (n ? 'at most ' + n + ' rows/s' : 'no limit') + ' after its current chunk.', true);
      await loadJobs();
    } catch (e) { say(e.message); }
  }

  async function startJob(event) {
    event.preventDefault();
    try {
      const j = await api('POST', 'jobs', { keyId: Number($('job-key').value), reason: $('job-reason').value,
        throttle: Number($('job-throttle').value || 0) });
      say('Job ' + j.jobId.substring(0, 8) + ' queued for key ' + j.keyId + '.', true);
      await loadJobs();
    } catch (e) { say(e.message); }
  }

  async function loadAudit() {
    const page = await api('GET', 'audit/events?size=25');
    const body = $('audit-table').tBodies[0];
    body.replaceChildren();
    page.events.forEach((e) => {
      const tr = document.createElement('tr');
      cell(tr, e.seq);
      cell(tr, e.time);
      cell(tr, e.actor);
      cell(tr, e.category);
      cell(tr, e.action, 'action');
      cell(tr, e.outcome);
      cell(tr, e.target);
      cell(tr, e.keyId ? e.keyId + ' v' + e.keyVersion : '');
      body.appendChild(tr);
    });
  }

  async function loadReads() {
    const view = await api('GET', 'audit/reads');
    const svg = $('reads-chart');
    svg.replaceChildren();
    const total = view.buckets.reduce((n, b) => n + b.reads + b.denied, 0);
    const denied = view.buckets.reduce((n, b) => n + b.denied, 0);
    $('reads-note').textContent = total === 0 ? 'No data-access events in this period.'
      : total + ' data-access events, ' + denied + ' denied (red), per ' + view.bucketMinutes + ' min.';
    const max = Math.max(1, ...view.buckets.map((b) => b.reads + b.denied));
    const w = 600 / view.buckets.length;
    view.buckets.forEach((b, i) => {
      [[b.reads, '#3c8d40', 0], [b.denied, '#c0392b', b.reads]].forEach(([n, color, below]) => {
        if (n <= 0) { return; }
        const r = document.createElementNS(SVG, 'rect');
        const h = 100 * n / max;
        r.setAttribute('x', String(i * w + 1));
        r.setAttribute('width', String(Math.max(1, w - 2)));
        r.setAttribute('y', String(110 - h - 100 * below / max));
        r.setAttribute('height', String(h));
        r.setAttribute('fill', color);
        const title = document.createElementNS(SVG, 'title');
        title.textContent = b.start + ': ' + n + (color === '#c0392b' ? ' denied' : ' reads');
        r.appendChild(title);
        svg.appendChild(r);
      });
    });
    const axis = document.createElementNS(SVG, 'line');
    axis.setAttribute('x1', '0'); axis.setAttribute('x2', '600');
    axis.setAttribute('y1', '110'); axis.setAttribute('y2', '110');
    axis.setAttribute('stroke', '#8a94a3');
    svg.appendChild(axis);
  }

  async function verify() {
    const v = $('verdict');
    v.textContent = 'Verifying…';
    v.className = '';
    try {
      const r = await api('POST', 'audit/verify');
      v.textContent = r.verdict;
      v.className = r.intact ? 'intact' : 'broken';
      await loadAudit();
    } catch (e) {
      v.textContent = e.message;
      v.className = 'broken';
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('sign-in').addEventListener('click', signIn);
    $('sign-out').addEventListener('click', signOut);
    $('refresh').addEventListener('click', refresh);
    $('verify').addEventListener('click', verify);
    $('job-start').addEventListener('submit', startJob);
    // progress of running jobs: refresh the jobs panel every 3 s while it is shown
    setInterval(() => { if (me && !$('jobs-panel').hidden) { loadJobs().catch(() => {}); } }, 3000);
    if (token()) {
      api('GET', 'me').then((m) => {
        me = m;
        $('whoami').textContent = me.principal + ' (' + me.roles.join(', ') + ')';
        $('session').hidden = false;
        $('sign-in-panel').hidden = true;
        return refresh();
      }).catch(() => signOut());
    }
  });
}());
