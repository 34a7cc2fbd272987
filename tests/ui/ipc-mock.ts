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
  devices: typeof practiceDevice[];
  company: unknown;
  customers: Record<string, unknown>[];
  items: Record<string, unknown>[];
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
import sampleCompany from "../../examples/company.json";

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

// The preferences live on the Rust side: they outlast a reload of the page (as a restart).
const saved = sessionStorage.getItem("mock.prefs");
window.__MOCK__ = {
  prefs: { language: "en", env: "practice", paper: "receipt", printer: null },
  answers: {},
  delays: {},
  devices: [],
  company: null,
  customers: [],
  items: [],
  ...window.__MOCK_STATE__,
};
if (saved) window.__MOCK__.prefs = JSON.parse(saved);
window.__EMIT__ = (event) => emit("sanad:event", event);
mockWindows("main");

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
        // The catalogue's entry for the codes the tests use; none for the others.
        return (args as { code: string }).code === "Invalid-OTP"
          ? {
              code: "Invalid-OTP",
              source: "fatoora",
              actor: "accountant",
              what: { en: "ZATCA did not accept the OTP.", ar: "لم تقبل الهيئة رمز التحقق." },
              next: {
                en: "Generate a new OTP in the Fatoora portal and enter it within the hour.",
                ar: "أنشئ رمز تحقق جديدًا في بوابة فاتورة وأدخله خلال ساعة.",
              },
            }
          : null;
      case "practice_prepare":
        window.__MOCK__.company ??= sampleCompany;
        window.__MOCK__.devices = [practiceDevice];
        return practiceDevice;
      case "practice_otp":
        return window.__MOCK__.prefs.env === "practice" ? "424242" : null;
      case "devices_list":
        return window.__MOCK__.devices;
      case "company_get":
        return window.__MOCK__.company;
      case "company_check":
        return [];
      case "company_set":
        window.__MOCK__.company = (args as { company: unknown }).company;
        return window.__MOCK__.company;
      case "wizard_state": {
        const pending = window.__MOCK__.devices.find((d) => d.next_step !== "active");
        const step = !pending
          ? "company"
          : ["key", "csr", "compliance_csid"].includes(pending.next_step)
            ? "otp"
            : "progress";
        return { step, company: window.__MOCK__.company, device: pending ?? null };
      }
      case "wizard_begin": {
        const a = args as { env: string; company: unknown; device: { name: string; standard: boolean; simplified: boolean } };
        window.__MOCK__.company = a.company;
        window.__MOCK__.prefs.env = a.env;
        const title = `${a.device.standard ? 1 : 0}${a.device.simplified ? 1 : 0}00`;
        const d = { ...practiceDevice, name: a.device.name, uuid: `uuid-${a.device.name}`, title, state: "new", next_step: "key", csid_expires: null, days_left: null };
        window.__MOCK__.devices.push(d);
        return d;
      }
      case "device_onboard": {
        const a = args as { name: string; otp: string | null };
        const d = window.__MOCK__.devices.find((x) => x.name === a.name)!;
        const steps = ["csr", "compliance_csid", "compliance_checks", "compliance_checks", "production_csid", "active"];
        const docs = ["standard-compliant", "simplified-compliant"];
        for (const next of steps) {
          if (next === "compliance_checks") d.compliance_passed = [...d.compliance_passed, docs.shift()!];
          d.next_step = next;
          await window.__EMIT__({ kind: "device", device: a.name, nextStep: next });
          await new Promise((r) => setTimeout(r, 40));
        }
        Object.assign(d, { state: "production", csid_expires: "2027-12-01T10:00:00Z", days_left: 365 });
        return d;
      }
      case "device_renew": {
        const d = window.__MOCK__.devices.find((x) => x.name === (args as { name: string }).name)!;
        Object.assign(d, { csid_expires: "2028-01-15T10:00:00Z", days_left: 410, renewal_due: false });
        return d;
      }
      case "device_backup":
        return { device: (args as { name: string }).name, last_icv: 12, bytes: 2048 };
      case "device_restore":
        return { device: "till-9", books_icv: 0, backup_icv: 3, suspended: null };
      case "books_backup":
        return { path: (args as { path: string }).path, bytes: 3 * 1024 * 1024 };
      case "customers_list":
      case "items_list": {
        const rows = cmd === "customers_list" ? window.__MOCK__.customers : window.__MOCK__.items;
        const q = String((args as { text: string }).text).toLowerCase();
        return rows.filter((r) => !q || JSON.stringify(r).toLowerCase().includes(q));
      }
      case "customer_save":
      case "item_save": {
        const rows = cmd === "customer_save" ? window.__MOCK__.customers : window.__MOCK__.items;
        const a = args as { id: number | null; customer?: object; item?: object };
        const fields = a.customer ?? a.item;
        if (a.id === null) {
          const row = { ...fields, id: rows.length + 1 };
          rows.push(row);
          return row;
        }
        const i = rows.findIndex((r) => r.id === a.id);
        rows[i] = { ...fields, id: a.id };
        return rows[i];
      }
      case "exemption_codes":
        return (
          { S: [], Z: ["VATEX-SA-32", "VATEX-SA-33"], E: ["VATEX-SA-29", "VATEX-SA-29-7", "VATEX-SA-30"], O: ["VATEX-SA-OOS"] } as Record<string, string[]>
        )[(args as { category: string }).category];
      case "plugin:dialog|save":
        return window.__DIALOG_PICK__ ?? null;
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
