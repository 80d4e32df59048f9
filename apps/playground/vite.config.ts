import react from "@vitejs/plugin-react"
import { defineConfig } from "vite"

// The web app: built into dist/ and served by the playground server (pnpm start). `vite` alone serves it with hot
// reload on 127.0.0.1:5174, sending /api to a playground server on 5173.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  server: {
    host: "127.0.0.1",
    port: 5174,
    strictPort: true,
    proxy: { "/api": "http://127.0.0.1:5173" }
  }
})
