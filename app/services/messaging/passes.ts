/** Runs `pass` until one handles nothing (or `maxPasses` ran); returns how many items were handled in all. */
export async function drainPasses(pass: () => Promise<number>, maxPasses: number) {
  let total = 0
  for (let index = 0; index < maxPasses; index++) {
    const handled = await pass()
    total += handled
    if (!handled) break
  }
  return total
}
