/*
 * Mounts Stripe's Payment Element with the PaymentIntent's client secret, then confirms it.
 * Stripe sends the buyer back to data-return-url, where the server checks the result. When
 * stripe.js cannot load (offline, blocked), the page keeps its explanation visible.
 */
;(function () {
  var form = document.querySelector('[data-stripe-checkout]')
  if (!form) return
  var message = document.getElementById('stripe-message')
  var submit = document.getElementById('stripe-submit')
  function say(text) {
    message.textContent = text
    message.hidden = false
  }
  if (typeof window.Stripe !== 'function') {
    say('Stripe cannot be reached from this browser right now, so the card form cannot load. Check your connection and reload, or go back and choose another way to pay. Nothing has been charged.')
    return
  }
  if (!form.dataset.publishableKey || !form.dataset.clientSecret) {
    say('Card payments are not set up correctly for this brand. Choose another way to pay. Nothing has been charged.')
    return
  }
  var stripe = window.Stripe(form.dataset.publishableKey)
  var elements = stripe.elements({ clientSecret: form.dataset.clientSecret })
  var element = elements.create('payment')
  element.mount('#stripe-element')
  element.on('ready', function () {
    message.hidden = true
    submit.disabled = false
  })
  form.addEventListener('submit', function (event) {
    event.preventDefault()
    submit.disabled = true
    stripe.confirmPayment({ elements: elements, confirmParams: { return_url: form.dataset.returnUrl } }).then(function (result) {
      if (result.error) {
        say(result.error.message || 'The payment did not go through.')
        submit.disabled = false
      }
    })
  })
})()
