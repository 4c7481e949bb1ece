/** The letters on each phone keypad key (ITU E.161). */
const KEYPAD: Record<string, string> = {
  ABC: '2',
  DEF: '3',
  GHI: '4',
  JKL: '5',
  MNO: '6',
  PQRS: '7',
  TUV: '8',
  WXYZ: '9',
}

const DIGIT_OF = new Map<string, string>(
  Object.entries(KEYPAD).flatMap(([letters, digit]) => [...letters].map((letter) => [letter, digit] as [string, string]))
)

/** The longest pattern that can match anything: a whole national number (E.164 has at most 15 digits). */
export const MAX_PATTERN_LENGTH = 15

/**
 * A vanity pattern as keypad digits ("CALL" -> "2255", "FLOWERS" -> "3569377"), or
 * null when it holds anything but letters and digits.
 */
export function vanityDigits(pattern: string): string | null {
  const upper = pattern.trim().toUpperCase()
  if (!upper || upper.length > MAX_PATTERN_LENGTH) return null
  let digits = ''
  for (const char of upper) {
    if (char >= '0' && char <= '9') digits += char
    else if (DIGIT_OF.has(char)) digits += DIGIT_OF.get(char)
    else return null
  }
  return digits
}
