/**
 * Maps what `node:sqlite` throws to effect's `SqlError` reasons, from SQLite's extended result codes.
 *
 * `node:sqlite` throws `Error`s with `code: "ERR_SQLITE_ERROR"`, the extended result code in `errcode` and its
 * text in `errstr`; binding and state problems are Node errors (`ERR_INVALID_ARG_TYPE`, `ERR_INVALID_STATE`)
 * without `errcode`.
 */
import { SqlError } from "effect/sql"

// Primary result codes (the low byte of an extended code), https://sqlite.org/rescode.html
const SQLITE_ERROR = 1
const SQLITE_PERM = 3
const SQLITE_BUSY = 5
const SQLITE_LOCKED = 6
const SQLITE_READONLY = 8
const SQLITE_CANTOPEN = 14
const SQLITE_CONSTRAINT = 19
const SQLITE_AUTH = 23
const SQLITE_NOTADB = 26

// Extended constraint codes that mean "this key already exists".
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555
const SQLITE_CONSTRAINT_UNIQUE = 2067

const SYNTAX = /syntax error|incomplete input|no such (table|column|function|index|collation)|unrecognized token/i
const CONSTRAINT_TARGET = /constraint failed:\s*(.+)$/i

/** The extended result code of a `node:sqlite` error, if it carries one. */
export const resultCode = (cause: unknown): number | undefined => {
  if (typeof cause !== "object" || cause === null || !("errcode" in cause)) return undefined
  return typeof cause.errcode === "number" ? cause.errcode : undefined
}

const messageOf = (cause: unknown): string =>
  cause instanceof Error ? cause.message : typeof cause === "string" ? cause : String(cause)

/**
 * The reason for a failure of `operation`. A duplicate PRIMARY KEY and a duplicate UNIQUE value are both a
 * `UniqueViolation` (effect's own classifier calls the first a `ConstraintError`); `constraint` names the
 * columns SQLite reports, such as `customers.email`.
 */
export const classify = (cause: unknown, operation: string): SqlError.SqlErrorReason => {
  const detail = messageOf(cause)
  const props = { cause, message: detail, operation }
  const code = resultCode(cause)
  if (code === undefined) return new SqlError.UnknownError(props)
  if (code === SQLITE_CONSTRAINT_PRIMARYKEY || code === SQLITE_CONSTRAINT_UNIQUE) {
    const constraint = CONSTRAINT_TARGET.exec(detail)?.[1]?.trim() || "unknown"
    return new SqlError.UniqueViolation({ ...props, constraint })
  }
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      return new SqlError.ConstraintError(props)
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return new SqlError.LockTimeoutError(props)
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
      return new SqlError.ConnectionError(props)
    case SQLITE_AUTH:
      return new SqlError.AuthenticationError(props)
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return new SqlError.AuthorizationError(props)
    case SQLITE_ERROR:
      return SYNTAX.test(detail) ? new SqlError.SqlSyntaxError(props) : new SqlError.UnknownError(props)
    default:
      return new SqlError.UnknownError(props)
  }
}

/** A `SqlError` for a failure of `operation`. */
export const sqlError = (cause: unknown, operation: string): SqlError.SqlError =>
  new SqlError.SqlError({ reason: classify(cause, operation) })
