import { defineConfig } from "vitest/config"

// The end-to-end tests build the web app and drive Chromium: every wait in them is bounded on its own (15 s at
// most); these bounds only catch a hang.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
})
