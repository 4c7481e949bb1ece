/**
 * A small mono 16-bit PCM WAV, synthesized: what the simulated switch leaves as a voicemail's
 * audio (real switches record the caller). A soft two-tone chime, then a quiet tone for the
 * rest of the message, so a player has something audible to play.
 */
export function synthesizeWav(seconds: number, options: { sampleRate?: number; frequency?: number } = {}): Buffer {
  const sampleRate = options.sampleRate ?? 8000
  const frequency = options.frequency ?? 440
  const samples = Math.max(1, Math.round(Math.min(Math.max(seconds, 0.1), 120) * sampleRate))
  const data = Buffer.alloc(samples * 2)
  const chime = Math.min(samples, Math.round(0.6 * sampleRate))
  for (let i = 0; i < samples; i++) {
    const t = i / sampleRate
    const tone = i < chime ? (i < chime / 2 ? 660 : 880) : frequency
    const level = i < chime ? 0.35 : 0.12
    const fade = Math.min(1, i / 80, (samples - i) / 80)
    data.writeInt16LE(Math.round(Math.sin(2 * Math.PI * tone * t) * level * fade * 32767), i * 2)
  }
  return Buffer.concat([wavHeader(data.length, sampleRate), data])
}

/** The 44-byte RIFF/WAVE header of mono 16-bit PCM. */
function wavHeader(dataBytes: number, sampleRate: number) {
  const header = Buffer.alloc(44)
  header.write('RIFF', 0, 'ascii')
  header.writeUInt32LE(36 + dataBytes, 4)
  header.write('WAVE', 8, 'ascii')
  header.write('fmt ', 12, 'ascii')
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(sampleRate, 24)
  header.writeUInt32LE(sampleRate * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36, 'ascii')
  header.writeUInt32LE(dataBytes, 40)
  return header
}
