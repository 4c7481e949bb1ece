/**
 * Live preview for the branding editor: mirrors the form into the preview pane's --bl-*
 * custom properties, name, logo and footer as the admin types. Nothing is saved here.
 * Loaded as a same-origin file because the CSP forbids inline scripts.
 */
;(function () {
  const form = document.querySelector('[data-branding-form]')
  const preview = document.querySelector('[data-branding-preview]')
  if (!form || !preview) return

  const themes = JSON.parse(preview.dataset.themeTokens || '{}')
  const CSS_NAMES = { background: 'bg' }
  const SAFE_URL = /^(https?:\/\/|\/)[^\s"'<>]*$/

  const field = (name) => form.elements.namedItem(name)
  const text = (name) => (field(name)?.value ?? '').trim()
  const ticked = (name) => Boolean(field(name)?.checked)

  function currentTheme() {
    const choice = form.querySelector('[data-theme-choice]:checked')
    return themes[choice?.value] ?? Object.values(themes)[0]
  }

  /** Colors ticked "use theme default" show the theme's own color in their picker. */
  function syncDefaultPickers(theme) {
    for (const box of form.querySelectorAll('[data-theme-default]')) {
      const picker = form.querySelector(`[data-color="${box.dataset.themeDefault}"]`)
      if (box.checked && picker) picker.value = theme.colors[box.dataset.themeDefault]
    }
  }

  function tokens(theme) {
    const colors = { ...theme.colors }
    for (const picker of form.querySelectorAll('[data-color]')) {
      const name = picker.dataset.color
      if (!ticked(`themeDefault.${name}`)) colors[name] = picker.value
    }
    const mode = text('branding.mode')
    return {
      colors,
      fonts: { heading: text('branding.fonts.heading') || theme.fonts.heading, body: text('branding.fonts.body') || theme.fonts.body },
      mode: mode === 'light' || mode === 'dark' ? mode : theme.mode,
      radius: theme.radius,
      shadow: theme.shadow,
    }
  }

  function applyTokens(values) {
    for (const [name, value] of Object.entries(values.colors)) {
      preview.style.setProperty(`--bl-${CSS_NAMES[name] ?? name}`, value)
    }
    preview.style.setProperty('--bl-font-heading', values.fonts.heading)
    preview.style.setProperty('--bl-font-body', values.fonts.body)
    preview.style.setProperty('--bl-radius', values.radius)
    preview.style.setProperty('--bl-shadow', values.shadow)
    preview.style.setProperty('color-scheme', values.mode)
    preview.dataset.mode = values.mode
  }

  function applyIdentity() {
    const appName = text('branding.appName') || 'Your brand'
    for (const node of preview.querySelectorAll('[data-preview-name]')) node.textContent = appName
    preview.querySelector('[data-preview-mark]').textContent = appName.charAt(0)
    preview.querySelector('[data-preview-legal]').textContent = text('branding.legalEntity')
    preview.querySelector('[data-preview-powered]').hidden = !ticked('branding.poweredBy')

    const logoUrl = text('branding.logoUrl')
    const logo = preview.querySelector('[data-preview-logo]')
    const showLogo = SAFE_URL.test(logoUrl)
    if (showLogo && logo.getAttribute('src') !== logoUrl) logo.src = logoUrl
    logo.hidden = !showLogo
    preview.querySelector('[data-preview-mark]').hidden = showLogo
  }

  function render() {
    const theme = currentTheme()
    syncDefaultPickers(theme)
    applyTokens(tokens(theme))
    applyIdentity()
  }

  /** Picking a color means the admin wants that color, not the theme's. */
  form.addEventListener('input', (event) => {
    const name = event.target.dataset?.color
    if (name) {
      const box = field(`themeDefault.${name}`)
      if (box) box.checked = false
    }
    render()
  })
  form.addEventListener('change', render)
  render()
})()
