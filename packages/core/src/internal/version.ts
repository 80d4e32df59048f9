// Kept equal to package.json's version by `pnpm codegen` (checked in CI), for the User-Agent header.
export const version = "0.1.0"
