// Settings: company profile, language, environment, paper and printer, data folder, backup.

export const en = {
  "settings.company": "Company profile",
  "settings.company.save": "Save the profile",
  "settings.company.saved": "Profile saved.",
  "settings.company.note": "Documents already issued keep the details they were signed with.",
  "settings.language": "Language",
  "settings.env": "Environment",
  "settings.env.current": "These books: {env}",
  "settings.env.isolation":
    "Each environment keeps books of its own in the data folder: documents, devices, keys and certificates never move between them. Switching opens the other books; nothing is copied.",
  "settings.env.switch": "Open these books",
  "settings.paper": "Printing",
  "settings.paper.a4": "A4 (every document)",
  "settings.paper.receipt": "80 mm receipt (simplified documents at the counter)",
  "settings.printer": "Printer",
  "settings.printer.system": "Leave empty to choose in the system's print dialog each time.",
  "settings.printer.save": "Save printing",
  "settings.saved": "Saved.",
  "settings.data": "Data folder",
  "settings.data.about": "The books of every environment, the logs and the preferences. Secrets stay in the system's keychain.",
  "settings.backup": "Back up the books",
  "settings.backup.about":
    "A consistent copy of these books' ledger (documents, customers, items, devices). It holds no secret: back each device's key up on the devices screen.",
  "settings.backup.file": "Backup file",
  "settings.backup.run": "Write the backup",
  "settings.backup.done": "Backup written ({size}):",
} as const;

export const ar: Record<keyof typeof en, string> = {
  "settings.company": "ملف المنشأة",
  "settings.company.save": "حفظ الملف",
  "settings.company.saved": "حُفظ ملف المنشأة.",
  "settings.company.note": "تحتفظ المستندات الصادرة سابقًا بالبيانات التي وُقّعت بها.",
  "settings.language": "اللغة",
  "settings.env": "البيئة",
  "settings.env.current": "هذه الدفاتر: {env}",
  "settings.env.isolation":
    "لكل بيئة دفاترها الخاصة في مجلد البيانات: لا تنتقل المستندات والأجهزة والمفاتيح والشهادات بينها أبدًا. يفتح التبديل الدفاتر الأخرى دون نسخ أي شيء.",
  "settings.env.switch": "فتح هذه الدفاتر",
  "settings.paper": "الطباعة",
  "settings.paper.a4": "ورق A4 (لكل المستندات)",
  "settings.paper.receipt": "إيصال بعرض 80 مم (للمستندات المبسطة في نقطة البيع)",
  "settings.printer": "الطابعة",
  "settings.printer.system": "اتركه فارغًا لاختيار الطابعة من نافذة الطباعة في النظام كل مرة.",
  "settings.printer.save": "حفظ إعدادات الطباعة",
  "settings.saved": "تم الحفظ.",
  "settings.data": "مجلد البيانات",
  "settings.data.about": "دفاتر جميع البيئات والسجلات والتفضيلات، أما الأسرار فتبقى في سلسلة مفاتيح النظام.",
  "settings.backup": "نسخ الدفاتر احتياطيًا",
  "settings.backup.about":
    "نسخة متسقة من سجل هذه الدفاتر (المستندات والعملاء والأصناف والأجهزة) لا تتضمن أي سر؛ انسخ مفتاح كل جهاز احتياطيًا من شاشة الأجهزة.",
  "settings.backup.file": "ملف النسخة الاحتياطية",
  "settings.backup.run": "كتابة النسخة الاحتياطية",
  "settings.backup.done": "كُتبت النسخة الاحتياطية ({size}):",
};
