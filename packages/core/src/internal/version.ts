// Generated from package.json by `pnpm codegen` (scripts/barrels.ts): do not edit it by hand.
export const version = "0.1.0"
