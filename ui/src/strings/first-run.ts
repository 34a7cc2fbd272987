// The first start: the language, then practice made ready.

export const en = {
  "first.title": "Welcome to Sanad",
  "first.choose": "Choose the language of the screens. You can change it at any time.",
  "first.preparing":
    "Preparing practice: a sample company, and a device onboarded with the built-in simulator…",
  "first.failed": "Practice could not be prepared.",
  "first.retry": "Try again",
} as const;

export const ar: Record<keyof typeof en, string> = {
  "first.title": "مرحبًا بك في سند",
  "first.choose": "اختر لغة الواجهة، ويمكنك تغييرها في أي وقت.",
  "first.preparing": "جارٍ تجهيز بيئة التدريب: منشأة تجريبية وجهاز يُسجَّل لدى المحاكي المدمج…",
  "first.failed": "تعذّر تجهيز بيئة التدريب.",
  "first.retry": "إعادة المحاولة",
};
