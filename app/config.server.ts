/** Settings read from the environment, with the defaults a fresh install runs on. */
export const config = {
  get sessionIdleMinutes() {
    return positiveNumber(process.env.SESSION_IDLE_MINUTES, 30)
  },
  get sessionAbsoluteHours() {
    return positiveNumber(process.env.SESSION_ABSOLUTE_HOURS, 12)
  },
  get bcryptCost() {
    return positiveNumber(process.env.BCRYPT_COST, 12)
  },
}

function positiveNumber(raw: string | undefined, fallback: number) {
  const value = Number(raw)
  return raw && Number.isFinite(value) && value > 0 ? value : fallback
}
