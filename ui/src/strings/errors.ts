// How a failure is told, on any screen: its kind, who acts, what to do, ZATCA's own words.

export const en = {
  "fail.title": "This did not work",
  "fail.next": "What to do",
  "fail.actor": "Who acts",
  "fail.zatca": "ZATCA's answer",
  "fail.details": "Technical details",
  "fail.internal": "Something went wrong inside Sanad.",
  "fail.class.bad_input": "Check what was entered",
  "fail.class.refused": "FATOORA refused",
  "fail.class.unreachable": "FATOORA could not be reached",
  "fail.class.local": "A problem on this computer",
  "fail.fieldCount": "{n} fields need attention.",
} as const;

export const ar: Record<keyof typeof en, string> = {
  "fail.title": "تعذّر إتمام العملية",
  "fail.next": "المطلوب",
  "fail.actor": "المسؤول عن الإجراء",
  "fail.zatca": "رد الهيئة",
  "fail.details": "التفاصيل التقنية (بالإنجليزية)",
  "fail.internal": "حدث خطأ داخلي في سند.",
  "fail.class.bad_input": "راجع البيانات المدخلة",
  "fail.class.refused": "رفضت منصة فاتورة الطلب",
  "fail.class.unreachable": "تعذّر الوصول إلى منصة فاتورة",
  "fail.class.local": "مشكلة على هذا الحاسوب",
  "fail.fieldCount": "يلزم تصحيح {n} من الحقول.",
};
