/* The portal's call rules editor: each form shows only the fields its rule type uses (without
   this script every field stays visible and the server ignores the unused ones), and deleting
   asks first. Loaded as a file because the CSP allows no inline script. */
document.querySelectorAll('form[data-form="rule-add"], form[data-form="rule-edit"]').forEach((form) => {
  const select = form.querySelector('[data-rule-type]')
  if (!select) return
  const sync = () =>
    form.querySelectorAll('[data-show-for]').forEach((element) => {
      element.hidden = !element.dataset.showFor.split(' ').includes(select.value)
    })
  select.addEventListener('change', sync)
  sync()
})
document.querySelectorAll('form[data-confirm]').forEach((form) => {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault()
  })
})
