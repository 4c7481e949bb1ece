/*
 * The admin's live calls table (pages/admin/live_calls.edge), kept current over Server-Sent
 * Events: a call that rings appears, an answered one changes its status, an ended one goes.
 */
(() => {
  const root = document.querySelector('[data-live-calls]')
  if (!root || root.dataset.ready) return
  root.dataset.ready = 'true'
  const rows = root.querySelector('[data-live-rows]')
  const count = root.querySelector('[data-live-count]')
  const canManage = root.dataset.canManage === 'true'
  const LIVE = ['ringing', 'answered']

  const cell = (text) => {
    const td = document.createElement('td')
    td.textContent = text == null ? '' : String(text)
    return td
  }

  function hangupForm(id) {
    const td = document.createElement('td')
    if (!canManage) return td
    const form = document.createElement('form')
    form.className = 'inline'
    form.method = 'POST'
    form.action = `/admin/calls/live/${id}/hangup`
    const csrf = document.createElement('input')
    csrf.type = 'hidden'
    csrf.name = '_csrf'
    csrf.value = root.dataset.csrf
    const button = document.createElement('button')
    button.type = 'submit'
    button.className = 'danger'
    button.dataset.hangup = ''
    button.textContent = 'Hang up'
    form.append(csrf, button)
    td.append(form)
    return td
  }

  function row(call) {
    const tr = document.createElement('tr')
    tr.dataset.callId = call.id
    tr.dataset.status = call.status
    const badge = document.createElement('span')
    badge.className = 'badge'
    badge.textContent = call.status
    const status = document.createElement('td')
    status.append(badge)
    const since = (call.answeredAt || call.startedAt || '').slice(11, 19)
    tr.append(cell(call.direction), cell(call.userEmail || (call.userId ? `user #${call.userId}` : '')), cell(call.from), cell(call.to), status, cell(since), hangupForm(call.id))
    return tr
  }

  function recount() {
    count.textContent = `${rows.children.length} call(s) in progress.`
  }

  function apply(call) {
    const existing = rows.querySelector(`tr[data-call-id="${call.id}"]`)
    if (!LIVE.includes(call.status)) {
      if (existing) existing.remove()
    } else {
      const fresh = row(call)
      const email = existing && existing.children[1].textContent
      if (email) fresh.children[1].textContent = email
      if (existing) existing.replaceWith(fresh)
      else rows.prepend(fresh)
    }
    recount()
  }

  function connect() {
    const source = new EventSource(root.dataset.eventsUrl)
    source.addEventListener('snapshot', (event) => {
      const { calls } = JSON.parse(event.data)
      const known = new Set(calls.map((call) => String(call.id)))
      rows.querySelectorAll('tr[data-call-id]').forEach((tr) => known.has(tr.dataset.callId) || tr.remove())
      calls.slice().reverse().forEach(apply)
      recount()
    })
    source.addEventListener('call', (event) => apply(JSON.parse(event.data)))
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 10000)
    })
  }

  connect()
})()
