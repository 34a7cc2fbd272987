// Stands in for the Rust side in the page: answers the app's commands with recorded reports and
// keeps every call in window.__IPC_CALLS__ for the tests to inspect.
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import valid from "./fixtures/standard-valid.json";
import tampered from "./fixtures/standard-tampered.json";
import qrOnly from "./fixtures/qr-only.json";
import usd from "./fixtures/usd-valid.json";

type Call = { cmd: string; args: unknown };
type Prefs = { language: "ar" | "en" | null; env: string; paper: string; printer: string | null };
/** The Rust side's state, as far as the screens see it; a test may set it before the page
 * loads (`window.__MOCK_STATE__`) or change it while it runs. */
type MockState = {
  prefs: Prefs;
  /** Answers by command name, overriding the defaults below (a value, or `{ __error: … }`). */
  answers: Record<string, unknown>;
  /** Delay (ms) of each answer, by command name. */
  delays: Record<string, number>;
};
declare global {
  interface Window {
    __IPC_CALLS__: Call[];
    __DIALOG_PICK__?: string | null;
    __MOCK_STATE__?: Partial<MockState>;
    __MOCK__: MockState;
    /** Sends a service event on the app's one channel, as the shell does. */
    __EMIT__: (event: unknown) => Promise<void>;
  }
}

window.__IPC_CALLS__ = [];
// The preferences live on the Rust side: they outlast a reload of the page (as a restart).
const saved = sessionStorage.getItem("mock.prefs");
window.__MOCK__ = {
  prefs: { language: "en", env: "practice", paper: "receipt", printer: null },
  answers: {},
  delays: {},
  ...window.__MOCK_STATE__,
};
if (saved) window.__MOCK__.prefs = JSON.parse(saved);
window.__EMIT__ = (event) => emit("sanad:event", event);
mockWindows("main");

/** The practice device, onboarded. */
export const practiceDevice = {
  name: "practice-1",
  uuid: "0b9c8a52-2f4e-4c3e-9d55-7b1f3f8a1c01",
  title: "1100",
  state: "production",
  next_step: "active",
  series_prefix: "PRACTICE1-",
  csid_expires: "2027-12-01T22:00:00Z",
  days_left: 365,
  renewal_due: false,
  last_icv: 0,
  suspended: null,
  compliance_passed: [],
  last_error: null,
};

const info = () => ({
  version: "0.1.0",
  dataDir: "/tmp/sanad",
  env: window.__MOCK__.prefs.env,
  fatooraUrl: window.__MOCK__.prefs.env === "practice" ? "http://127.0.0.1:41000" : null,
  preferences: window.__MOCK__.prefs,
});

function text(bytes: unknown): string {
  if (bytes instanceof Uint8Array) return new TextDecoder().decode(bytes);
  if (bytes instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(bytes));
  if (Array.isArray(bytes)) return new TextDecoder().decode(Uint8Array.from(bytes as number[]));
  return "";
}

mockIPC(
  async (cmd, args) => {
    window.__IPC_CALLS__.push({
      cmd,
      args: args instanceof Uint8Array ? { byteLength: args.byteLength } : args,
    });
    const delay = window.__MOCK__.delays[cmd];
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (cmd in window.__MOCK__.answers) {
      const answer = window.__MOCK__.answers[cmd] as { __error?: unknown } | null;
      if (answer && typeof answer === "object" && "__error" in answer) throw answer.__error;
      return answer;
    }
    switch (cmd) {
      case "app_info":
        return info();
      case "preferences_set":
        window.__MOCK__.prefs = (args as { preferences: Prefs }).preferences;
        sessionStorage.setItem("mock.prefs", JSON.stringify(window.__MOCK__.prefs));
        return info();
      case "explain":
        return null;
      case "practice_prepare":
        return practiceDevice;
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
