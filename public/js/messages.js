/*
 * The portal's messages pages (pages/portal/messages/*): the composer's live segment counter
 * and price (asked of <estimate-url> as the user types, so the counting is the server's), local
 * times, the schedule form's zone defaulting to the browser's, and live updates over
 * Server-Sent Events: a thread's statuses move and new messages appear; the conversation list
 * moves a conversation to the top and counts what is unread. Plain DOM, no framework.
 */
(() => {
  if (document.documentElement.dataset.messagesReady) return
  document.documentElement.dataset.messagesReady = 'true'

  const locale = document.documentElement.lang || undefined
  const timeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
  const localTime = (element) => {
    const at = Date.parse(element.getAttribute('datetime') || '')
    if (!Number.isNaN(at)) element.textContent = timeFormat.format(new Date(at))
  }
  document.querySelectorAll('[data-local-time]').forEach(localTime)

  /** Schedule form: the zone defaults to the browser's when the user has not picked one. */
  document.querySelectorAll('[data-time-zone]').forEach((select) => {
    if (select.dataset.chosen) return
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
    if (zone && [...select.options].some((option) => option.value === zone)) select.value = zone
  })

  document.querySelectorAll('[data-composer]').forEach(composer)

  function composer(form) {
    const body = form.querySelector('[data-composer-body]')
    const to = form.querySelector('[data-composer-to]')
    const meter = form.querySelector('[data-segment-counter]')
    if (!body || !meter) return
    const field = (name) => meter.querySelector(`[data-${name}]`)
    let timer = null
    let asked = 0

    async function estimate() {
      const ask = ++asked
      const query = new URLSearchParams({ to: to ? to.value : '', body: body.value })
      try {
        const response = await fetch(`${form.dataset.estimateUrl}?${query}`, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        if (!response.ok || ask !== asked) return
        show((await response.json()).data)
      } catch {}
    }

    function show(estimate) {
      field('encoding').textContent = estimate.encoding
      field('characters').textContent = String(estimate.characters)
      field('segments').textContent = `${estimate.segments} ${estimate.segments === 1 ? 'segment' : 'segments'}`
      meter.dataset.segmentCount = String(estimate.segments)
      meter.dataset.over = String(estimate.segments > estimate.maxSegments)
      field('price-line').hidden = !estimate.formatted
      field('price').textContent = estimate.formatted ? `${estimate.formatted} to send` : ''
    }

    const later = () => {
      clearTimeout(timer)
      timer = setTimeout(estimate, 200)
    }
    body.addEventListener('input', later)
    if (to) to.addEventListener('input', later)
    estimate()
  }

  const RANK = { scheduled: 0, queued: 1, sending: 2, sent: 3, delivered: 4, failed: 4, expired: 4, cancelled: 4, received: 4 }

  /** An open thread: statuses move and new messages are appended, in id order. */
  const thread = document.querySelector('[data-thread]')
  if (thread) {
    const list = thread.querySelector('[data-thread-messages]')
    const template = document.querySelector('[data-message-template]')

    function paint(item, message) {
      item.dataset.status = message.status
      item.querySelector('[data-status-label]').textContent = message.direction === 'inbound' ? 'received' : message.status
      const error = item.querySelector('[data-error]')
      const broken = message.status === 'failed' || message.status === 'expired'
      error.hidden = !broken
      error.textContent = broken ? (message.errorMessage ? `: ${message.errorMessage}` : message.errorCode ? `: error ${message.errorCode}` : '') : ''
    }

    function upsert(message) {
      if (message.contact !== thread.dataset.thread) return
      const existing = list.querySelector(`[data-message-id="${message.id}"]`)
      if (existing) {
        if ((RANK[message.status] ?? 0) >= (RANK[existing.dataset.status] ?? 0)) paint(existing, message)
        return
      }
      const item = template.content.firstElementChild.cloneNode(true)
      item.dataset.messageId = String(message.id)
      item.dataset.direction = message.direction
      item.querySelector('[data-body]').textContent = message.body
      const time = item.querySelector('[data-local-time]')
      time.setAttribute('datetime', message.createdAt || new Date().toISOString())
      localTime(time)
      paint(item, message)
      const after = [...list.children].find((other) => Number(other.dataset.messageId) > message.id)
      list.insertBefore(item, after || null)
      thread.querySelector('[data-empty]').hidden = true
    }

    live(thread.dataset.eventsUrl, upsert)
  }

  /** The conversation list: the conversation of a new message moves to the top. */
  const inbox = document.querySelector('[data-messages]')
  if (inbox) {
    const seen = new Set()
    function touch(message) {
      const card = inbox.querySelector('[data-conversations]')
      let list = card.querySelector('[data-conversation-list]')
      if (!list) {
        list = document.createElement('ul')
        list.className = 'conversation-list'
        list.dataset.conversationList = ''
        card.appendChild(list)
        const empty = card.querySelector('[data-empty]')
        if (empty) empty.hidden = true
      }
      let item = [...list.children].find((other) => other.dataset.conversation === message.contact)
      if (!item) {
        item = document.createElement('li')
        item.dataset.conversation = message.contact
        item.dataset.unread = '0'
        item.innerHTML = '<a><span class="contact"></span><span class="badge warn" data-unread-badge hidden></span><time class="muted small" data-local-time></time><span class="snippet muted" data-last-body></span></a>'
        item.querySelector('a').href = `/portal/messages/${encodeURIComponent(message.contact)}`
        item.querySelector('.contact').textContent = message.contact
      }
      item.querySelector('[data-last-body]').textContent = `${message.direction === 'outbound' ? 'You: ' : ''}${message.body}`
      const time = item.querySelector('[data-local-time]')
      time.setAttribute('datetime', message.createdAt || new Date().toISOString())
      localTime(time)
      if (message.direction === 'inbound' && !message.read && !seen.has(message.id)) {
        seen.add(message.id)
        const unread = Number(item.dataset.unread || 0) + 1
        item.dataset.unread = String(unread)
        const badge = item.querySelector('[data-unread-badge]')
        badge.textContent = String(unread)
        badge.hidden = false
      }
      list.prepend(item)
    }
    live(inbox.dataset.eventsUrl, (message) => {
      if (message.status !== 'cancelled' && (message.direction === 'inbound' || message.status === 'queued' || message.status === 'scheduled')) touch(message)
    })
  }

  function live(url, handle) {
    const source = new EventSource(url)
    source.addEventListener('snapshot', (event) => JSON.parse(event.data).messages.forEach(handle))
    source.addEventListener('message', (event) => handle(JSON.parse(event.data)))
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) setTimeout(() => live(url, handle), 10000)
    })
  }
})()
