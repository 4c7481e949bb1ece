/*
 * The portal dialer (partials/portal_dialer.edge): places a call with POST <call-url>, hangs it
 * up with POST <call-url>/<id>/hangup, and follows the user's calls live over Server-Sent Events
 * (<events-url>), so the status line goes ringing -> answered -> ended with duration and charge.
 * Plain DOM, no framework.
 */
(() => {
  const root = document.querySelector('[data-dialer]')
  const form = root && root.querySelector('[data-dial-form]')
  if (!form || root.dataset.ready) return
  root.dataset.ready = 'true'

  const input = form.querySelector('[data-dial-input]')
  const callerId = form.querySelector('[data-caller-id]')
  const callButton = form.querySelector('[data-call-button]')
  const hangupButton = form.querySelector('[data-hangup-button]')
  const errorLine = form.querySelector('[data-dial-error]')
  const status = root.querySelector('[data-call-status]')
  const callUrl = root.dataset.callUrl
  const csrf = root.dataset.csrf

  const LIVE = ['ringing', 'answered']
  const isLive = (call) => LIVE.includes(call.status)
  const rank = (call) => (call.status === 'ringing' ? 0 : call.status === 'answered' ? 1 : 2)
  /** Every call the stream told us about, by id: the answer to a POST may arrive after its first events. */
  const seen = new Map()
  let current = null
  let submitting = false
  let ticker = null

  const clock = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.max(0, Math.floor(seconds % 60))).padStart(2, '0')}`
  const money = (micros, currency) =>
    new Intl.NumberFormat(document.documentElement.lang || 'en', {
      style: 'currency',
      currency: currency || 'USD',
      minimumFractionDigits: 2,
      maximumFractionDigits: 4,
    }).format((micros || 0) / 1e6)
  const talkSeconds = (call, until) => (call.answeredAt ? Math.max(0, (until - Date.parse(call.answeredAt)) / 1000) : 0)

  function setStatus(state, text) {
    status.dataset.state = state
    status.textContent = text
  }

  function setLive(live) {
    callButton.disabled = live || submitting
    hangupButton.hidden = !live
    hangupButton.disabled = false
  }

  const ENDINGS = {
    busy: ['failed', 'Busy'],
    no_answer: ['failed', 'No answer'],
    cancelled: ['ended', 'Cancelled'],
    failed: ['failed', 'Call failed'],
    rejected: ['failed', 'Call refused'],
  }

  function render() {
    clearInterval(ticker)
    const call = current
    if (!call) return setStatus('idle', 'Ready to call.')
    setLive(isLive(call))
    if (call.status === 'ringing') return setStatus('ringing', `Ringing ${call.to}…`)
    if (call.status === 'answered') {
      const tick = () => setStatus('answered', `Answered · ${call.to} · ${clock(talkSeconds(call, Date.now()))}`)
      tick()
      ticker = setInterval(tick, 1000)
      return
    }
    if (call.status === 'completed') {
      const talked = call.endedAt ? talkSeconds(call, Date.parse(call.endedAt)) : call.durationSeconds || 0
      return setStatus('ended', `Ended · ${call.to} · ${clock(talked)} · ${money(call.chargedMicros, call.currency)}`)
    }
    const [state, label] = ENDINGS[call.status] || ['failed', 'Call ended']
    setStatus(state, `${label} · ${call.to}${call.reason ? ` (${call.reason})` : ''}`)
  }

  /** Shows a newer state of the current call (never an older one), or a new call. */
  function show(call) {
    if (current && current.id === call.id && rank(call) < rank(current)) return
    current = call
    render()
  }

  function remember(call) {
    seen.set(call.id, call)
    if (seen.size > 50) seen.delete(seen.keys().next().value)
  }

  function showError(body) {
    const error = (body && body.error) || {}
    const field = error.fields && error.fields[0]
    errorLine.textContent = (field && field.message) || error.message || 'The call could not be placed.'
    errorLine.hidden = false
    input.setAttribute('aria-invalid', field && field.field === 'destination' ? 'true' : 'false')
  }

  async function post(url, body, extraHeaders) {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf, ...extraHeaders },
      body: JSON.stringify(body || {}),
    })
    return { response, body: await response.json().catch(() => null) }
  }

  const newKey = () => (window.crypto && crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`)

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    if (submitting || (current && isLive(current))) return
    submitting = true
    errorLine.hidden = true
    input.removeAttribute('aria-invalid')
    setLive(false)
    setStatus('calling', 'Calling…')
    try {
      const { response, body } = await post(callUrl, { destination: input.value, callerId: callerId.value }, { 'idempotency-key': newKey() })
      submitting = false
      if (!response.ok || !body) {
        showError(body)
        current = null
        setLive(false)
        return setStatus('idle', 'Not called.')
      }
      const streamed = seen.get(body.data.id)
      current = null
      show(streamed && rank(streamed) >= rank(body.data) ? streamed : body.data)
    } catch {
      submitting = false
      showError(null)
      setLive(false)
      setStatus('idle', 'Not called: the connection failed.')
    }
  })

  hangupButton.addEventListener('click', async () => {
    if (!current) return
    hangupButton.disabled = true
    try {
      const { response, body } = await post(`${callUrl}/${current.id}/hangup`)
      if (response.ok && body) show(body.data)
      else showError(body)
    } catch {
      showError(null)
    }
    hangupButton.disabled = false
  })

  form.querySelectorAll('[data-key]').forEach((key) =>
    key.addEventListener('click', () => {
      input.value += key.dataset.key
      input.focus()
    })
  )
  form.querySelector('[data-backspace]').addEventListener('click', () => {
    input.value = input.value.slice(0, -1)
    input.focus()
  })

  /** After a reconnect, a call we showed live may have ended meanwhile: ask for it. */
  async function refresh(id) {
    try {
      const response = await fetch(`${callUrl}/${id}`, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      if (response.ok) show((await response.json()).data)
    } catch {}
  }

  function connect() {
    const source = new EventSource(root.dataset.eventsUrl)
    source.addEventListener('snapshot', (event) => {
      const { calls } = JSON.parse(event.data)
      calls.forEach(remember)
      if (current && isLive(current)) {
        const now = calls.find((call) => call.id === current.id)
        if (now) show(now)
        else refresh(current.id)
      } else if (!submitting) {
        const live = calls.find((call) => call.direction === 'outbound')
        if (live) show(live)
      }
    })
    source.addEventListener('call', (event) => {
      const call = JSON.parse(event.data)
      remember(call)
      if (current && current.id === call.id) return show(call)
      const idle = !current || !isLive(current)
      if (idle && !submitting && call.direction === 'outbound' && isLive(call)) show(call)
    })
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 10000)
    })
  }

  if (root.dataset.current) show(JSON.parse(root.dataset.current))
  connect()
})()
