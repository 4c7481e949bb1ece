import vine from '@vinejs/vine'

/** Shared rules for the account forms and API. */
const email = () => vine.string().trim().toLowerCase().maxLength(254).email()
const newPassword = () => vine.string().minLength(10).maxLength(128)
const fullName = () => vine.string().trim().minLength(1).maxLength(120)

export const registerValidator = vine.create({
  fullName: fullName(),
  email: email(),
  password: newPassword(),
})

export const loginValidator = vine.create({
  email: email(),
  password: vine.string().maxLength(128),
})

export const profileValidator = vine.create({
  fullName: fullName(),
  email: email(),
})

export const changePasswordValidator = vine.create({
  currentPassword: vine.string().maxLength(128),
  password: newPassword().confirmed({ confirmationField: 'passwordConfirmation' }),
})

export const forgotPasswordValidator = vine.create({
  email: email(),
})

export const resetPasswordValidator = vine.create({
  password: newPassword().confirmed({ confirmationField: 'passwordConfirmation' }),
})
