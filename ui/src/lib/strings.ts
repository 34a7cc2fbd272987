// Every text the app shows, in English and Arabic. `{name}` marks a value filled in at run time.
//
// The terms the screen shares with the printed invoice (document kinds, column headers, totals,
// VAT categories, party IDs, units, countries, currencies, ZATCA's own terms) are not written
// here: they come from assets/glossary.json, which the print crate reads too, so a term means the
// same on screen and on paper.
import glossary from "../../../assets/glossary.json";

type Terms = typeof glossary.terms;
/** A term of the shared glossary. */
export type TermKey = keyof Terms;

function terms(lang: "en" | "ar"): Record<TermKey, string> {
  const out = {} as Record<TermKey, string>;
  for (const key of Object.keys(glossary.terms) as TermKey[]) out[key] = glossary.terms[key][lang];
  return out;
}

const term = (key: TermKey) => ({ en: glossary.terms[key].en, ar: glossary.terms[key].ar });

/** The screen's own sentences and labels in English. */
const screenEn = {
  "app.name": "Sanad",
  "app.tagline": "ZATCA e-invoicing",
  "nav.label": "Main",
  "nav.check": "Check an invoice",
  "nav.counter": "Counter sale",
  "nav.invoices": "Invoices",
  "nav.devices": "Devices",
  "nav.coming": "Coming",
  "nav.comingLabel": "Not built yet",
  "lang.switch": "العربية",
  "lang.switchLabel": "Switch to Arabic",
  "about.version": "Version {v}",

  "check.title": "Check an invoice",
  "check.intro":
    "Open an e-invoice (XML or PDF/A-3) or paste the text of its QR code. Sanad reads it and checks its hash, signature, certificate and QR code, and ZATCA's business rules.",
  "check.drop": "Drop an XML or PDF file here",
  "check.open": "Open file…",
  "check.filterName": "E-invoices (XML, PDF)",
  "check.dialogTitle": "Open an e-invoice",
  "check.or": "or",
  "check.qrLabel": "QR code text",
  "check.qrPlaceholder": "Paste the text a QR scanner reads from the printed invoice",
  "check.checkQr": "Check QR text",
  "check.checking": "Checking…",
  "check.another": "Check another",

  "verdict.valid": "Valid",
  "verdict.valid.text": "Every check passed and ZATCA's rules found nothing.",
  "verdict.validWithWarnings": "Valid, with warnings",
  "verdict.validWithWarnings.text": "Nothing failed, but there are warnings below.",
  "verdict.invalid": "Not valid",
  "verdict.invalid.text": "Failed: {list}",
  "verdict.rulesFailed": "ZATCA rules ({n})",
  "verdict.qrOnly":
    "Only the QR code was checked. Ask for the XML or the PDF to check the whole invoice.",

  "source.xml": "XML file",
  "source.pdf": "PDF/A-3 with embedded {name}",
  "source.qr": "Pasted QR text",

  "checks.title": "Checks",
  "checks.invoiceHash": term("zatca.invoiceHash").en,
  "checks.invoiceHash.about": "Checks that the document has not changed since it was signed.",
  "checks.signature": "Digital signature",
  "checks.signature.about": "Checks the signature against the seller's certificate.",
  "checks.certificateDigest": "Certificate digest",
  "checks.certificateDigest.about":
    "Checks that the embedded certificate is the one the document was signed with.",
  "checks.signedProperties": "Signed properties",
  "checks.signedProperties.about": "Checks that the signing time and certificate details are intact.",
  "checks.qrMatchesDocument": "QR code against the document",
  "checks.qrMatchesDocument.about":
    "Checks the QR's seller, VAT number, time, totals and hash against the document.",
  "checks.qrSignature": "QR signature",
  "checks.qrSignature.about": "Checks the QR's signature with the public key it carries.",
  "checks.chainReferences": "Invoice chain",
  "checks.chainReferences.about":
    "Checks that the invoice counter (ICV) and the previous invoice hash (PIH) are present and well-formed.",
  "checks.invoiceHash.failed": "The document was changed after it was signed.",
  "checks.signature.failed": "The signature does not match the document and the seller's certificate.",
  "checks.certificateDigest.failed": "The certificate is not the one the document was signed with.",
  "checks.signedProperties.failed": "The signing time or the certificate details were altered.",
  "checks.qrMatchesDocument.failed": "The QR code does not agree with the document.",
  "checks.qrMatchesDocument.warning":
    "The QR code differs from the document. ZATCA replaces a standard invoice's QR at clearance, so this is only a warning.",
  "checks.qrSignature.failed": "The QR's signature does not verify: the QR was altered or forged.",
  "checks.chainReferences.failed":
    "The invoice counter (ICV) or the previous invoice hash (PIH) is missing or malformed.",
  "status.passed": "Passed",
  "status.warning": "Warning",
  "status.failed": "Failed",
  "status.notApplicable": "Not applicable",

  "findings.title": "ZATCA rules",
  "findings.about": "ZATCA's business rules, as Sanad applies them before it issues a document.",
  "findings.none": "The pre-flight rules found nothing.",
  "findings.broken": "The document breaks rule {code}.",
  "findings.next": "What to do",
  "findings.actor": "Who acts",
  "findings.where": "Where in the document",
  "severity.error": "Error",
  "severity.warning": "Warning",
  "details.technical": "Technical details",

  "doc.title": "Document",
  "flow.standard": "Standard (B2B): cleared by ZATCA",
  "flow.simplified": "Simplified (B2C): reported to ZATCA",
  "doc.noBuyer": "No buyer stated",
  "lines.title": "Lines",

  "qr.title": "QR code",
  "qr.timestamp": "Time stamp",
  "qr.signed": "Carries a signature",
  yes: "Yes",
  no: "No",

  "size.megabytes": "{n} MB",

  "error.title": "This could not be checked",
  "error.empty": "The file is empty.",
  "error.tooLarge": "The file is too large ({size}). Sanad checks files up to {limit}.",
  "error.unknownFormat": "This is not an XML invoice, a PDF or a QR text.",
  "error.unreadable": "The file could not be read.",
  "error.pdfUnreadable": "The PDF could not be read.",
  "error.pdfWithoutXml": "This PDF has no invoice XML inside. Only PDF/A-3 e-invoices carry one.",
  "error.xmlNotUtf8": "The XML is not UTF-8 text.",
  "error.xmlMalformed": "The XML is damaged (it is not well-formed).",
  "error.notAnInvoice": "The XML is not an e-invoice, credit note or debit note.",
  "error.incomplete": "The invoice lacks a field Sanad needs to show it.",
  "error.qrNotBase64": "The QR text is not valid (it is not Base64).",
  "error.qrMalformed": "The QR text does not follow ZATCA's format.",
  "error.internal": "Something went wrong inside Sanad.",
} as const;

type ScreenKey = keyof typeof screenEn;
export type Key = ScreenKey | TermKey;

/** The same in Arabic: a key missing here is a type error. */
const screenAr: Record<ScreenKey, string> = {
  "app.name": "سند",
  "app.tagline": "الفوترة الإلكترونية – زاتكا",
  "nav.label": "القائمة الرئيسية",
  "nav.check": "فحص فاتورة",
  "nav.counter": "نقطة البيع",
  "nav.invoices": "الفواتير",
  "nav.devices": "الأجهزة",
  "nav.coming": "قريبًا",
  "nav.comingLabel": "غير متاح بعد",
  "lang.switch": "English",
  "lang.switchLabel": "عرض الواجهة بالإنجليزية",
  "about.version": "الإصدار {v}",

  "check.title": "فحص فاتورة",
  "check.intro":
    "افتح فاتورة إلكترونية (ملف XML أو PDF/A-3) أو الصق نص رمز الاستجابة السريعة (QR) المطبوع عليها، وسيتحقق سند من تجزئتها وتوقيعها وشهادتها ورمزها، ومن مطابقتها لقواعد هيئة الزكاة والضريبة والجمارك.",
  "check.drop": "اسحب ملف XML أو PDF وأفلته هنا",
  "check.open": "اختيار ملف…",
  "check.filterName": "الفواتير الإلكترونية (XML و PDF)",
  "check.dialogTitle": "فتح فاتورة إلكترونية",
  "check.or": "أو",
  "check.qrLabel": "نص رمز الاستجابة السريعة (QR)",
  "check.qrPlaceholder": "الصق النص الذي يقرؤه ماسح الرمز من الفاتورة المطبوعة",
  "check.checkQr": "فحص نص الرمز",
  "check.checking": "جارٍ الفحص…",
  "check.another": "فحص فاتورة أخرى",

  "verdict.valid": "المستند صالح",
  "verdict.valid.text": "اجتاز المستند جميع الفحوص، ولم تُرصد أي مخالفة لقواعد الهيئة.",
  "verdict.validWithWarnings": "المستند صالح مع تحذيرات",
  "verdict.validWithWarnings.text": "لم يُخفق أي فحص، لكن توجد تحذيرات موضّحة أدناه.",
  "verdict.invalid": "المستند غير صالح",
  "verdict.invalid.text": "لم يجتز المستند: {list}",
  "verdict.rulesFailed": "قواعد الهيئة ({n})",
  "verdict.qrOnly":
    "اقتصر الفحص على رمز الاستجابة السريعة. اطلب ملف الفاتورة (XML أو PDF) لفحصها كاملة.",

  "source.xml": "ملف XML",
  "source.pdf": "ملف PDF/A-3 مرفق به {name}",
  "source.qr": "نص رمز QR ملصوق",

  "checks.title": "الفحوص",
  "checks.invoiceHash": term("zatca.invoiceHash").ar,
  "checks.invoiceHash.about": "يتحقق من أن المستند لم يتغير منذ توقيعه.",
  "checks.signature": "التوقيع الرقمي",
  "checks.signature.about": "يتحقق من التوقيع بشهادة البائع.",
  "checks.certificateDigest": "تجزئة الشهادة",
  "checks.certificateDigest.about": "يتحقق من أن الشهادة المضمّنة هي التي وُقّع بها المستند.",
  "checks.signedProperties": "الخصائص الموقّعة",
  "checks.signedProperties.about": "يتحقق من سلامة وقت التوقيع وبيانات الشهادة.",
  "checks.qrMatchesDocument": "مطابقة رمز QR للمستند",
  "checks.qrMatchesDocument.about":
    "يطابق بيانات الرمز (البائع والرقم الضريبي والوقت والإجماليات والتجزئة) مع المستند.",
  "checks.qrSignature": "توقيع رمز QR",
  "checks.qrSignature.about": "يتحقق من توقيع الرمز بالمفتاح العام المضمّن فيه.",
  "checks.chainReferences": "تسلسل الفواتير",
  "checks.chainReferences.about":
    "يتحقق من وجود عداد الفاتورة وقيمة تجزئة الفاتورة السابقة وسلامة صيغتهما.",
  "checks.invoiceHash.failed": "تغيّر محتوى المستند بعد توقيعه.",
  "checks.signature.failed": "التوقيع لا يطابق المستند وشهادة البائع.",
  "checks.certificateDigest.failed": "الشهادة المضمّنة ليست التي وُقّع بها المستند.",
  "checks.signedProperties.failed": "عُدّل وقت التوقيع أو بيانات الشهادة.",
  "checks.qrMatchesDocument.failed": "بيانات رمز QR لا تطابق المستند.",
  "checks.qrMatchesDocument.warning":
    "يختلف رمز QR عن المستند. تستبدل الهيئة رمز الفاتورة القياسية عند التصريح بها، لذا يُعد هذا تحذيرًا فقط.",
  "checks.qrSignature.failed": "تعذّر التحقق من توقيع الرمز، فالرمز معدَّل أو مزوَّر.",
  "checks.chainReferences.failed":
    "عداد الفاتورة أو قيمة تجزئة الفاتورة السابقة مفقود أو صيغته غير سليمة.",
  "status.passed": "اجتاز",
  "status.warning": "تحذير",
  "status.failed": "أخفق",
  "status.notApplicable": "لا ينطبق",

  "findings.title": "قواعد الهيئة",
  "findings.about": "قواعد هيئة الزكاة والضريبة والجمارك التي يطبقها سند قبل إصدار أي مستند.",
  "findings.none": "لم تُرصد أي مخالفة لقواعد الفحص المسبق.",
  "findings.broken": "يخالف المستند القاعدة {code}.",
  "findings.next": "المطلوب",
  "findings.actor": "المسؤول عن الإجراء",
  "findings.where": "موضع المخالفة في المستند",
  "severity.error": "خطأ",
  "severity.warning": "تحذير",
  "details.technical": "التفاصيل التقنية (بالإنجليزية)",

  "doc.title": "المستند",
  "flow.standard": "مستند قياسي (بين المنشآت): يخضع للتصريح من الهيئة",
  "flow.simplified": "مستند مبسط (للمستهلك): يخضع للإبلاغ إلى الهيئة",
  "doc.noBuyer": "لم يُذكر المشتري",
  "lines.title": "البنود",

  "qr.title": "رمز الاستجابة السريعة (QR)",
  "qr.timestamp": "الطابع الزمني",
  "qr.signed": "يحمل توقيعًا",
  yes: "نعم",
  no: "لا",

  "size.megabytes": "{n} ميغابايت",

  "error.title": "تعذّر الفحص",
  "error.empty": "الملف فارغ.",
  "error.tooLarge": "حجم الملف ({size}) يتجاوز الحد الذي يفحصه سند ({limit}).",
  "error.unknownFormat": "هذا الملف ليس فاتورة XML ولا ملف PDF ولا نص رمز QR.",
  "error.unreadable": "تعذّرت قراءة الملف.",
  "error.pdfUnreadable": "تعذّرت قراءة ملف PDF.",
  "error.pdfWithoutXml":
    "لا يتضمن ملف PDF هذا فاتورة بصيغة XML، فهي لا تُرفق إلا بملفات PDF/A-3 للفواتير الإلكترونية.",
  "error.xmlNotUtf8": "ملف XML ليس بترميز UTF-8.",
  "error.xmlMalformed": "ملف XML تالف (بنيته غير سليمة).",
  "error.notAnInvoice": "ملف XML ليس فاتورة إلكترونية ولا إشعارًا دائنًا أو مدينًا.",
  "error.incomplete": "ينقص المستند حقل يحتاجه سند لعرضه.",
  "error.qrNotBase64": "نص الرمز غير صالح (ترميزه ليس Base64).",
  "error.qrMalformed": "نص الرمز لا يتبع الصيغة التي حددتها الهيئة.",
  "error.internal": "حدث خطأ داخلي في سند.",
};

/** Everything the screen shows: the glossary's terms and the screen's own strings (which never
 * redefine a term; the UI tests hold this). */
export const en: Record<Key, string> = { ...terms("en"), ...screenEn };
export const ar: Record<Key, string> = { ...terms("ar"), ...screenAr };

/** Key of a coded term (`unit.KGM`, `country.SA`, `partyId.CRN`…), if the glossary has it. */
export function termKey(prefix: string, code: string | null | undefined): TermKey | null {
  if (!code) return null;
  const key = `${prefix}.${code}`;
  return key in glossary.terms ? (key as TermKey) : null;
}
