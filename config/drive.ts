import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { defineConfig, services } from '@adonisjs/drive'
import type { InferDriveDisks } from '@adonisjs/drive/types'

/**
 * File storage (voicemail audio, exports): the local disk under storage/ (gitignored) in the
 * quickstart and tests, an S3-compatible bucket in production (DRIVE_DISK=s3; that driver also
 * needs @aws-sdk/client-s3 installed). Files are private: the app streams them to their owner,
 * nothing is served from a public URL. Keys carry the tenant (`tenants/<id>/...`).
 */
const s3 = () =>
  services.s3({
    credentials: { accessKeyId: env.get('S3_ACCESS_KEY_ID') ?? '', secretAccessKey: env.get('S3_SECRET_ACCESS_KEY') ?? '' },
    region: env.get('S3_REGION') ?? 'us-east-1',
    bucket: env.get('S3_BUCKET') ?? '',
    endpoint: env.get('S3_ENDPOINT'),
    forcePathStyle: Boolean(env.get('S3_ENDPOINT')),
    visibility: 'private',
  })

const driveConfig = defineConfig({
  default: env.get('DRIVE_DISK') ?? 'local',
  services: {
    local: services.fs({ location: app.makePath('storage'), serveFiles: false, visibility: 'private' }),
    /** Resolved only when chosen, so the quickstart does not need the AWS SDK. */
    ...(env.get('DRIVE_DISK') === 's3' ? { s3: s3() } : {}),
  },
})

export default driveConfig

declare module '@adonisjs/drive/types' {
  export interface DriveDisks extends InferDriveDisks<typeof driveConfig> {}
}
