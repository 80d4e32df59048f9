/**
 * Dates as the emulator writes them on the wire, from epoch milliseconds, in UTC: ISO-8601 to the second (v2
 * answers), the day alone (schedules, logs), v1.1's `YYYY-MM-DD HH:MM:SS`, and the points ledger's timestamp.
 */

/** ISO-8601 without fractions of a second: `2025-01-30T09:17:06Z`. */
export const isoSeconds = (epochMillis: number) => new Date(epochMillis).toISOString().replace(/\.\d{3}Z$/, "Z")

/** The day: `2025-01-30`. */
export const dayOf = (epochMillis: number) => new Date(epochMillis).toISOString().slice(0, 10)

/** v1.1's date and time: `2025-01-30 09:17:06`. */
export const v11DateTime = (epochMillis: number) => new Date(epochMillis).toISOString().slice(0, 19).replace("T", " ")

/** The points ledger's date: `YYYY-MM-DD hh:mm:ss.S`, the fraction as Java prints a timestamp's (`.0`, `.25`). */
export const ledgerDate = (epochMillis: number) => {
  const iso = new Date(epochMillis).toISOString()
  const millis = iso.slice(20, 23).replace(/0+$/, "")
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${millis === "" ? "0" : millis}`
}
