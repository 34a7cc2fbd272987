import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

// Tauri loads the built files from ui/dist; in dev mode from this server on port 1420.
export default defineConfig({
  root,
  plugins: [svelte()],
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
  },
  server: {
    port: Number(process.env.SANAD_DEV_PORT ?? 1420),
    strictPort: true,
    host: "127.0.0.1",
  },
});
