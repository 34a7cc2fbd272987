// The one store fed by the services' events (`sanad::events`, forwarded by the shell on one
// channel): document statuses, devices' onboarding steps and alerts appear as they happen.
import { listen } from "@tauri-apps/api/event";
import { EVENT_CHANNEL } from "./generated/bindings";
import type { DocumentStatus, OnboardingStep, SanadEvent } from "./types";

type Alert = Extract<SanadEvent, { kind: "alert" }>;

class Live {
  /** The latest status of each document heard of, by id. */
  documents = $state<Record<number, DocumentStatus>>({});
  /** The latest onboarding step of each device heard of, by name. */
  devices = $state<Record<string, OnboardingStep>>({});
  /** Alerts, newest first. */
  alerts = $state<Alert[]>([]);
  /** Counts every event: screens that show lists reload when it moves. */
  seen = $state(0);

  take(e: SanadEvent) {
    switch (e.kind) {
      case "document":
        this.documents[e.documentId] = e.status;
        break;
      case "device":
        this.devices[e.device] = e.nextStep;
        break;
      case "alert":
        this.alerts = [e, ...this.alerts].slice(0, 50);
        break;
    }
    this.seen += 1;
  }
}

export const live = new Live();

export function startListening(): Promise<() => void> {
  return listen<SanadEvent>(EVENT_CHANNEL, (msg) => live.take(msg.payload));
}
