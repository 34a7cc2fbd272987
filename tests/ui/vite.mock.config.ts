import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

// Builds the IPC mock into one script the UI tests inject before the page loads.
export default defineConfig({
  root: here,
  build: {
    outDir: ".build",
    emptyOutDir: true,
    lib: { entry: "ipc-mock.ts", formats: ["iife"], name: "SanadIpcMock", fileName: () => "ipc-mock.js" },
  },
});
