// Stands in for the Rust side in the page: answers the app's commands with recorded reports and
// keeps every call in window.__IPC_CALLS__ for the tests to inspect.
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import valid from "./fixtures/standard-valid.json";
import tampered from "./fixtures/standard-tampered.json";
import qrOnly from "./fixtures/qr-only.json";
import usd from "./fixtures/usd-valid.json";

type Call = { cmd: string; args: unknown };
declare global {
  interface Window {
    __IPC_CALLS__: Call[];
    __DIALOG_PICK__?: string | null;
  }
}

window.__IPC_CALLS__ = [];
mockWindows("main");

function text(bytes: unknown): string {
  if (bytes instanceof Uint8Array) return new TextDecoder().decode(bytes);
  if (bytes instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(bytes));
  if (Array.isArray(bytes)) return new TextDecoder().decode(Uint8Array.from(bytes as number[]));
  return "";
}

mockIPC(
  (cmd, args) => {
    window.__IPC_CALLS__.push({
      cmd,
      args: args instanceof Uint8Array ? { byteLength: args.byteLength } : args,
    });
    switch (cmd) {
      case "app_info":
        return { version: "0.1.0", dataDir: "/tmp/sanad" };
      case "check_bytes": {
        const body = text(args);
        if (body.startsWith("%PDF-")) throw { code: "pdfWithoutXml", attachments: 0 };
        if (!body.trimStart().startsWith("<")) throw { code: "unknownFormat" };
        if (body.includes("TAMPERED")) return tampered;
        return body.includes("USD") ? usd : valid;
      }
      case "check_qr":
        return qrOnly;
      case "check_file": {
        const path = String((args as { path?: string }).path);
        return path.includes("tampered") ? tampered : valid;
      }
      case "plugin:dialog|open":
        // What the user picks in the system's file chooser (null: cancelled).
        return window.__DIALOG_PICK__ ?? null;
      default:
        throw new Error(`command ${cmd} is not mocked`);
    }
  },
  { shouldMockEvents: true },
);
