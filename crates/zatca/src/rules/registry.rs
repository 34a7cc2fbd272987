//! Every pre-flight rule as a value: its code (ZATCA's where ZATCA has one for the same condition,
//! else Sanad's own `SANAD-…`), its severity as ZATCA's rule files weigh it, the field path it
//! points at and its message in English and Arabic.
//!
//! The checks in the family modules report only the rules of [`REGISTRY`]; the negative tests
//! read the registry and require a case for every entry, and the registry tests check every
//! ZATCA code and its severity against ZATCA's own rule files.
//!
//! Messages may name values: `{max}` in a message is filled in from the finding's arguments
//! (the same names in both languages).

use crate::error::ErrorKind;

/// How ZATCA weighs a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// A ZATCA or EN 16931 rule ZATCA's rule files raise as an error: the document is refused.
    Error,
    /// A ZATCA rule its rule files raise only as a warning.
    Warning,
    /// One of Sanad's own field checks (`SANAD-…`): stricter than ZATCA, not ZATCA's verdict.
    Sanad,
}

/// One pre-flight rule.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Rule {
    /// What is wrong; its [`ErrorKind::code`] is the rule's code.
    pub kind: ErrorKind,
    /// How ZATCA weighs it (Sanad refuses a draft that breaks any rule, warnings included).
    pub severity: Severity,
    /// The draft field path it points at: `lines[].quantity` (`[]` is any index),
    /// `*.id.value` (the path ends so), or `*` (any field of its kind: a generic field check).
    pub path: &'static str,
    /// The message in English (after the field path: `number: must not be empty`).
    pub en: &'static str,
    /// The message in Arabic.
    pub ar: &'static str,
}

impl Rule {
    /// ZATCA's code or `SANAD-…`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// Whether a finding of this rule may name this field path.
    pub fn applies_to(&self, path: &str) -> bool {
        if self.path == "*" {
            return true;
        }
        let path = without_indices(path);
        match self.path.strip_prefix("*.") {
            Some(tail) => path
                .strip_suffix(tail)
                .is_some_and(|head| head.ends_with('.')),
            None => path == self.path,
        }
    }

    /// The names of the values its English message names (`{max}` → `max`).
    pub fn placeholders(&self) -> Vec<&'static str> {
        placeholders(self.en)
    }
}

/// `lines[3].allowances_charges[0].amount` → `lines[].allowances_charges[].amount`.
fn without_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '[' => {
                inside = true;
                out.push('[');
            }
            ']' => {
                inside = false;
                out.push(']');
            }
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

/// The `{name}` placeholders of a message.
pub fn placeholders(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = message;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push(&rest[start + 1..start + len]);
        rest = &rest[start + len + 1..];
    }
    out
}

/// A message with its `{name}` placeholders filled in.
pub fn render(message: &str, args: &[(&str, &str)]) -> String {
    let mut out = message.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The rules with this code (one code may point at several fields, each with its message).
pub fn by_code(code: &str) -> impl Iterator<Item = &'static Rule> + '_ {
    REGISTRY.iter().copied().filter(move |r| r.code() == code)
}

macro_rules! registry {
    ($($(#[$doc:meta])* $name:ident: $kind:ident $(($code:literal))?, $sev:ident, $path:literal,
        $en:literal, $ar:literal;)*) => {
        $($(#[$doc])* pub static $name: Rule = Rule {
            kind: ErrorKind::$kind $(($code))?,
            severity: Severity::$sev,
            path: $path,
            en: $en,
            ar: $ar,
        };)*
        /// Every pre-flight rule, in the order the checks run.
        pub static REGISTRY: &[&Rule] = &[$(&$name),*];
    };
}

registry! {
    // Generic field checks: one rule for every field of its kind.
    /// The draft is not the JSON draft format (the English message is the parser's detail).
    JSON: Json, Sanad, "*",
        "{detail}",
        "لا تطابق المسودة صيغة JSON المعتمدة للمسودات";
    /// A required text is empty.
    MISSING: Missing, Sanad, "*",
        "must not be empty",
        "يجب ألا يكون فارغًا";
    /// A text is longer than its field allows.
    TOO_LONG: TooLong, Sanad, "*",
        "is longer than {max} characters",
        "يتجاوز {max} حرفًا";
    /// A text carries a character XML 1.0 cannot carry.
    CONTROL_CHARACTER: InvalidValue, Sanad, "*",
        "contains a control character an XML document cannot carry",
        "يحتوي على رمز تحكم لا يمكن أن يحمله مستند XML";
    /// A date outside the years UBL writes.
    YEAR: InvalidValue, Sanad, "*",
        "the year must have four digits",
        "يجب أن تتكون السنة من أربعة أرقام";
    /// A negative amount or quantity.
    NEGATIVE: Negative, Sanad, "*",
        "must not be negative (BR-KSA-F-04)",
        "يجب ألا تكون القيمة سالبة (BR-KSA-F-04)";
    /// A number beyond the engine's range.
    TOO_LARGE: Overflow, Sanad, "*",
        "is larger than {max}",
        "أكبر من {max}";
    /// An amount with more than two decimals.
    DECIMALS: TooManyDecimals, Sanad, "*",
        "an amount has at most 2 decimals",
        "المبلغ لا يتجاوز منزلتين عشريتين";

    // The document header.
    UUID: Rule("BR-KSA-03"), Error, "uuid",
        "must be a UUID (8-4-4-4-12 hexadecimal digits)",
        "يجب أن يكون معرّفًا فريدًا عالميًا (UUID) بصيغة 8-4-4-4-12 من الخانات الست عشرية";
    ISSUE_TIME: Rule("BR-KSA-70"), Error, "issue_time",
        "must be whole seconds (hh:mm:ss)",
        "يجب أن يكون الوقت بالثواني الكاملة (hh:mm:ss)";
    CURRENCY: Rule("BR-KSA-CL-01"), Error, "currency",
        "`{value}` is not an ISO 4217 currency code",
        "`{value}` ليس رمز عملة وفق معيار ISO 4217";
    SAR_EXCHANGE_RATE: InvalidValue, Sanad, "exchange_rate",
        "only for documents in a currency other than SAR",
        "سعر الصرف يُذكر فقط في المستندات الصادرة بعملة غير الريال السعودي";
    EXCHANGE_RATE_MISSING: Missing, Sanad, "exchange_rate",
        "a document in a foreign currency needs the SAR exchange rate",
        "المستند الصادر بعملة أجنبية يحتاج إلى سعر صرفها مقابل الريال السعودي";
    EXCHANGE_RATE_POSITIVE: NotPositive, Sanad, "exchange_rate",
        "must be positive",
        "يجب أن يكون أكبر من صفر";
    EXCHANGE_RATE_LARGE: Overflow, Sanad, "exchange_rate",
        "is larger than {max}",
        "أكبر من {max}";
    EXCHANGE_RATE_ONE: Rule("BR-KSA-97"), Warning, "exchange_rate",
        "a rate of 1 makes the SAR VAT total equal the document VAT total",
        "سعر صرف يساوي 1 يجعل إجمالي الضريبة بالريال مساويًا لإجمالي الضريبة بعملة المستند";
    EXCHANGE_RATE_DIGITS: Rule("BR-KSA-90"), Error, "exchange_rate",
        "has more than 14 digits",
        "يتجاوز 14 رقمًا";

    // The transaction flags (KSA-2).
    SIMPLIFIED_SELF_BILLED: Rule("BR-KSA-31"), Error, "flags.self_billed",
        "self-billing is not allowed on simplified documents",
        "الفوترة الذاتية غير مسموحة في المستندات المبسطة";
    SIMPLIFIED_EXPORT: InvalidValue, Sanad, "flags.export",
        "export is not allowed on simplified documents: an export invoice is a standard tax invoice",
        "التصدير غير مسموح في المستندات المبسطة: فاتورة التصدير فاتورة ضريبية (غير مبسطة)";
    EXPORT_SELF_BILLED: Rule("BR-KSA-07"), Error, "flags.self_billed",
        "self-billing is not allowed on export invoices",
        "الفوترة الذاتية غير مسموحة في فواتير التصدير";

    // Supply date and period.
    SUMMARY_PERIOD: Rule("BR-KSA-72"), Error, "supply.end_date",
        "a summary invoice needs a supply date and a supply end date",
        "الفاتورة الملخصة تحتاج إلى تاريخ التوريد وتاريخ نهاية التوريد";
    SUPPLY_DATE: Rule("BR-KSA-15"), Warning, "supply",
        "a standard tax invoice needs the supply date",
        "الفاتورة الضريبية تحتاج إلى تاريخ التوريد";
    SUMMARY_BUYER_NAME: Rule("BR-KSA-71"), Warning, "buyer.name",
        "a simplified summary invoice needs the buyer's name",
        "الفاتورة الضريبية المبسطة الملخصة تحتاج إلى اسم المشتري";
    SUPPLY_END_BEFORE_START: Rule("BR-KSA-36"), Warning, "supply.end_date",
        "the supply end date is before the supply date",
        "تاريخ نهاية التوريد يسبق تاريخ التوريد";

    // Credit and debit notes; payment means.
    NOTE_BILLING_REFERENCE: Rule("BR-KSA-56"), Warning, "billing_reference",
        "a credit or debit note needs the number of the original invoice",
        "الإشعار الدائن أو المدين يحتاج إلى رقم الفاتورة الأصلية";
    NOTE_REASON: Rule("BR-KSA-17"), Error, "reason",
        "a credit or debit note needs the reason for issuing it",
        "الإشعار الدائن أو المدين يحتاج إلى سبب إصداره";
    NOTE_PAYMENT_MEANS: Rule("BR-49"), Warning, "payment_means",
        "a credit or debit note carries its reason with the payment means code",
        "الإشعار الدائن أو المدين يحمل سبب إصداره مع رمز وسيلة الدفع";
    REASON_ONLY_ON_NOTES: InvalidValue, Sanad, "reason",
        "only credit and debit notes carry a reason",
        "سبب الإصدار خاص بالإشعارات الدائنة والمدينة";
    PAYMENT_MEANS: Rule("BR-KSA-16"), Warning, "payment_means",
        "`{value}` is not one of 10, 30, 42, 48, 1",
        "`{value}` ليس من رموز وسائل الدفع المقبولة (10 أو 30 أو 42 أو 48 أو 1)";

    // The seller.
    SELLER_NAME_QR: TooLong, Sanad, "seller.name",
        "is longer than 255 bytes in UTF-8, the most the QR code carries for the seller's name",
        "يتجاوز 255 بايت بترميز UTF-8، وهو أقصى ما يحمله رمز الاستجابة السريعة لاسم البائع";
    SELLER_VAT_MISSING: Rule("BR-KSA-39"), Error, "seller.vat_number",
        "the seller's VAT number is required",
        "الرقم الضريبي للبائع مطلوب";
    SELLER_VAT_FORMAT: Rule("BR-KSA-40"), Error, "seller.vat_number",
        "must be 15 digits, starting and ending with 3",
        "يجب أن يتكون من 15 رقمًا، أوله وآخره الرقم 3";
    SELLER_ID_MISSING: Rule("BR-KSA-08"), Warning, "seller.id",
        "the seller needs an identifier (CRN, MOM, MLS, SAG, OTH or 700)",
        "يحتاج البائع إلى رقم تعريف: السجل التجاري (CRN) أو ترخيص وزارة البلديات (MOM) أو ترخيص وزارة الموارد البشرية (MLS) أو ترخيص وزارة الاستثمار (SAG) أو الرقم 700 أو معرّف آخر (OTH)";
    SELLER_ID_SCHEME: Rule("BR-KSA-08"), Warning, "seller.id.scheme",
        "`{value}` is not one of {list}",
        "`{value}` ليس من أنواع المعرّفات المقبولة: {list}";
    SELLER_ID_CHARACTERS: Rule("BR-KSA-08"), Warning, "seller.id.value",
        "must be letters and digits only",
        "يجب أن يتكون من حروف وأرقام فقط";
    SELLER_ADDRESS_MISSING: Rule("BR-KSA-09"), Warning, "seller.address",
        "the seller's national address is required",
        "العنوان الوطني للبائع مطلوب";
    SELLER_COUNTRY: Rule("BR-KSA-09"), Warning, "seller.address.country",
        "the seller's address is in Saudi Arabia (SA)",
        "يجب أن يكون عنوان البائع في المملكة العربية السعودية (SA)";
    SELLER_BUILDING_NUMBER_MISSING: Rule("BR-KSA-09"), Warning, "seller.address.building_number",
        "the building number is required",
        "رقم المبنى مطلوب";
    SELLER_POSTAL_CODE_MISSING: Rule("BR-KSA-09"), Warning, "seller.address.postal_zone",
        "the postal code is required",
        "الرمز البريدي مطلوب";
    SELLER_DISTRICT_MISSING: Rule("BR-KSA-09"), Warning, "seller.address.district",
        "the district is required",
        "اسم الحي مطلوب";
    SELLER_BUILDING_NUMBER: Rule("BR-KSA-37"), Warning, "seller.address.building_number",
        "must be 4 digits",
        "يجب أن يتكون من 4 أرقام";
    SELLER_POSTAL_CODE: Rule("BR-KSA-66"), Warning, "seller.address.postal_zone",
        "must be 5 digits",
        "يجب أن يتكون من 5 أرقام";

    // Either party.
    ADDITIONAL_NUMBER: InvalidValue, Sanad, "*.address.additional_number",
        "must be 4 digits",
        "يجب أن يتكون من 4 أرقام";
    ID_CRN: Rule("BR-KSA-F-08"), Warning, "*.id.value",
        "a commercial registration number is 10 digits",
        "رقم السجل التجاري يتكون من 10 أرقام";
    ID_700: Rule("BR-KSA-F-09"), Warning, "*.id.value",
        "a 700 number is 10 digits starting with 7",
        "الرقم 700 يتكون من 10 أرقام أولها الرقم 7";
    ID_TIN: Rule("BR-KSA-F-07"), Warning, "buyer.id.value",
        "a tax identification number is 10 digits starting with 3",
        "رقم التعريف الضريبي يتكون من 10 أرقام أولها الرقم 3";
    ID_NAT: Rule("BR-KSA-F-10"), Warning, "buyer.id.value",
        "a national ID is 10 digits starting with 1",
        "رقم الهوية الوطنية يتكون من 10 أرقام أولها الرقم 1";
    ID_IQA: Rule("BR-KSA-F-11"), Warning, "buyer.id.value",
        "an iqama number is 10 digits starting with 2",
        "رقم الإقامة يتكون من 10 أرقام أولها الرقم 2";
    ID_PLACEHOLDER: Rule("BR-KSA-F-13"), Warning, "*.id.value",
        "looks like a placeholder (8 repeated or consecutive digits)",
        "يبدو رقمًا صوريًا (8 أرقام متكررة أو متتالية)";

    // The buyer.
    BUYER_MISSING: Rule("BR-KSA-42"), Warning, "buyer",
        "a standard document needs the buyer",
        "الفاتورة الضريبية وإشعاراتها تحتاج إلى بيانات المشتري";
    BUYER_VAT_FORMAT: Rule("BR-KSA-44"), Error, "buyer.vat_number",
        "must be 15 digits, starting and ending with 3",
        "يجب أن يتكون من 15 رقمًا، أوله وآخره الرقم 3";
    BUYER_ID_SCHEME: Rule("BR-KSA-14"), Error, "buyer.id.scheme",
        "`{value}` is not one of {list}",
        "`{value}` ليس من أنواع المعرّفات المقبولة: {list}";
    BUYER_ID_CHARACTERS: Rule("BR-KSA-14"), Error, "buyer.id.value",
        "must be letters and digits only",
        "يجب أن يتكون من حروف وأرقام فقط";
    BUYER_ID_MISSING: Rule("BR-KSA-81"), Warning, "buyer.id",
        "a buyer without a VAT number needs another identifier (NAT, CRN, TIN, …)",
        "المشتري الذي ليس له رقم ضريبي يحتاج إلى رقم تعريف آخر (الهوية الوطنية أو السجل التجاري أو رقم التعريف الضريبي…)";
    SAME_VAT_NUMBER: Rule("BR-CUSTOM-VALIDATION-01"), Error, "buyer.vat_number",
        "the buyer's VAT number equals the seller's",
        "الرقم الضريبي للمشتري مطابق للرقم الضريبي للبائع";
    BUYER_ADDRESS_MISSING: Rule("BR-KSA-63"), Warning, "buyer.address",
        "a standard document needs the buyer's address",
        "الفاتورة الضريبية وإشعاراتها تحتاج إلى عنوان المشتري";
    BUYER_BUILDING_NUMBER_MISSING: Rule("BR-KSA-63"), Warning, "buyer.address.building_number",
        "the building number is required",
        "رقم المبنى مطلوب";
    BUYER_POSTAL_CODE_MISSING: Rule("BR-KSA-63"), Warning, "buyer.address.postal_zone",
        "the postal code is required",
        "الرمز البريدي مطلوب";
    BUYER_DISTRICT_MISSING: Rule("BR-KSA-63"), Warning, "buyer.address.district",
        "the district is required",
        "اسم الحي مطلوب";
    BUYER_BUILDING_NUMBER: InvalidValue, Sanad, "buyer.address.building_number",
        "must be 4 digits",
        "يجب أن يتكون من 4 أرقام";
    BUYER_POSTAL_CODE: Rule("BR-KSA-67"), Warning, "buyer.address.postal_zone",
        "must be 5 digits",
        "يجب أن يتكون من 5 أرقام";
    BUYER_COUNTRY: InvalidValue, Sanad, "buyer.address.country",
        "must be an ISO 3166-1 alpha-2 code",
        "يجب أن يكون رمز دولة من حرفين وفق معيار ISO 3166-1";

    // Lines.
    NO_LINES: NoLines, Sanad, "lines",
        "a document needs at least one line (BR-16)",
        "المستند يحتاج إلى بند واحد على الأقل (BR-16)";
    TOO_MANY_LINES: TooLong, Sanad, "lines",
        "more than {max} lines",
        "عدد البنود يتجاوز {max}";
    UNIT_CODE: InvalidValue, Sanad, "lines[].unit_code",
        "must be a UN/ECE rec 20 unit code (letters and digits)",
        "يجب أن يكون رمز وحدة وفق التوصية 20 للجنة الأمم المتحدة الاقتصادية لأوروبا (حروف وأرقام)";
    QUANTITY_ZERO: Rule("BR-22"), Error, "lines[].quantity",
        "must not be zero: ZATCA's rule files read a zero quantity as no quantity",
        "يجب ألا تكون الكمية صفرًا: تعدّ قواعد الهيئة الكمية الصفرية كمية غير موجودة";
    BASE_QUANTITY_ZERO: Rule("BR-KSA-EN16931-12"), Error, "lines[].base_quantity",
        "must be above zero",
        "يجب أن تكون أكبر من صفر";
    BASE_QUANTITY_SMALL: InvalidValue, Sanad, "lines[].base_quantity",
        "must be at least 0.001",
        "يجب ألا تقل عن 0.001";
    DOCUMENT_CHARGE_REASON: Rule("BR-KSA-21"), Warning, "allowances_charges[].reason",
        "a charge needs a reason or a reason code",
        "الرسوم الإضافية تحتاج إلى سبب أو رمز سبب";
    LINE_CHARGE_REASON: Rule("BR-KSA-22"), Warning, "lines[].allowances_charges[].reason",
        "a charge needs a reason or a reason code",
        "الرسوم الإضافية تحتاج إلى سبب أو رمز سبب";
    REASON_CODE: InvalidValue, Sanad, "*.reason_code",
        "must be a UNTDID 5189/7161 code",
        "يجب أن يكون رمزًا من قائمتي UNTDID 5189 أو 7161";

    // Prepayments deducted by a final invoice.
    PREPAYMENTS_ONLY_ON_INVOICES: InvalidValue, Sanad, "prepayments",
        "only a (final) tax invoice deducts prepayments",
        "الفاتورة (النهائية) وحدها تخصم الدفعات المقدمة";
    PREPAYMENT_UUID: InvalidValue, Sanad, "prepayments[].uuid",
        "must be a UUID",
        "يجب أن يكون معرّفًا فريدًا عالميًا (UUID)";
    PREPAYMENT_ISSUE_TIME: Rule("BR-KSA-F-05"), Warning, "prepayments[].issue_time",
        "must be whole seconds (hh:mm:ss)",
        "يجب أن يكون الوقت بالثواني الكاملة (hh:mm:ss)";

    // VAT treatment of lines, allowances, charges and prepayments.
    VAT_RATE: Rule("BR-KSA-DEC-02"), Error, "*.vat.rate",
        "a VAT rate is from 0 to 100 with at most 2 decimals",
        "نسبة الضريبة من 0 إلى 100 بمنزلتين عشريتين على الأكثر";
    STANDARD_RATE: Rule("BR-KSA-84"), Error, "*.vat.rate",
        "the standard rate is 15 or 5",
        "نسبة الضريبة الأساسية 15 أو 5";
    STANDARD_NO_EXEMPTION: Rule("BR-S-10"), Warning, "*.vat.exemption_reason_code",
        "a standard-rated supply has no exemption reason",
        "التوريد الخاضع للنسبة الأساسية ليس له سبب إعفاء";
    LINE_ZERO_RATED_RATE: Rule("BR-Z-05"), Error, "lines[].vat.rate",
        "the rate of a zero-rated supply is 0",
        "نسبة الضريبة للتوريد الخاضع لنسبة الصفر هي 0";
    ALLOWANCE_ZERO_RATED_RATE: Rule("BR-Z-06"), Error, "allowances_charges[].vat.rate",
        "the rate of a zero-rated allowance is 0",
        "نسبة الضريبة للخصم الخاضع لنسبة الصفر هي 0";
    CHARGE_ZERO_RATED_RATE: Rule("BR-Z-07"), Error, "allowances_charges[].vat.rate",
        "the rate of a zero-rated charge is 0",
        "نسبة الضريبة للرسوم الخاضعة لنسبة الصفر هي 0";
    PREPAYMENT_ZERO_RATED_RATE: Rule("BR-KSA-76"), Warning, "prepayments[].vat.rate",
        "the rate of a zero-rated prepayment is 0",
        "نسبة الضريبة للدفعة المقدمة الخاضعة لنسبة الصفر هي 0";
    LINE_EXEMPT_RATE: Rule("BR-E-05"), Error, "lines[].vat.rate",
        "the rate of an exempt supply is 0",
        "نسبة الضريبة للتوريد المعفى من الضريبة هي 0";
    ALLOWANCE_EXEMPT_RATE: Rule("BR-E-06"), Error, "allowances_charges[].vat.rate",
        "the rate of an exempt allowance is 0",
        "نسبة الضريبة للخصم المعفى من الضريبة هي 0";
    CHARGE_EXEMPT_RATE: Rule("BR-E-07"), Error, "allowances_charges[].vat.rate",
        "the rate of an exempt charge is 0",
        "نسبة الضريبة للرسوم المعفاة من الضريبة هي 0";
    PREPAYMENT_EXEMPT_RATE: Rule("BR-KSA-77"), Warning, "prepayments[].vat.rate",
        "the rate of an exempt prepayment is 0",
        "نسبة الضريبة للدفعة المقدمة المعفاة من الضريبة هي 0";
    LINE_OUT_OF_SCOPE_RATE: Rule("BR-KSA-11"), Error, "lines[].vat.rate",
        "the rate of a supply not subject to VAT is 0",
        "نسبة الضريبة للتوريد خارج نطاق الضريبة هي 0";
    ALLOWANCE_OUT_OF_SCOPE_RATE: Rule("BR-KSA-12"), Warning, "allowances_charges[].vat.rate",
        "the rate of an allowance not subject to VAT is 0",
        "نسبة الضريبة للخصم خارج نطاق الضريبة هي 0";
    CHARGE_OUT_OF_SCOPE_RATE: Rule("BR-KSA-13"), Warning, "allowances_charges[].vat.rate",
        "the rate of a charge not subject to VAT is 0",
        "نسبة الضريبة للرسوم خارج نطاق الضريبة هي 0";
    PREPAYMENT_OUT_OF_SCOPE_RATE: Rule("BR-KSA-78"), Warning, "prepayments[].vat.rate",
        "the rate of a prepayment not subject to VAT is 0",
        "نسبة الضريبة للدفعة المقدمة خارج نطاق الضريبة هي 0";
    ZERO_RATED_REASON_MISSING: Rule("BR-KSA-69"), Warning, "*.vat.exemption_reason_code",
        "a zero-rated supply needs an exemption reason code",
        "التوريد الخاضع لنسبة الصفر يحتاج إلى رمز سبب الإعفاء";
    ZERO_RATED_REASON: Rule("BR-KSA-69"), Warning, "*.vat.exemption_reason_code",
        "`{value}` is not a reason code for a zero-rated supply (one of {list})",
        "`{value}` ليس رمز سبب إعفاء للتوريد الخاضع لنسبة الصفر (الرموز المقبولة: {list})";
    EXEMPT_REASON_MISSING: Rule("BR-KSA-23"), Warning, "*.vat.exemption_reason_code",
        "an exempt supply needs an exemption reason code",
        "التوريد المعفى من الضريبة يحتاج إلى رمز سبب الإعفاء";
    EXEMPT_REASON: Rule("BR-KSA-23"), Warning, "*.vat.exemption_reason_code",
        "`{value}` is not a reason code for an exempt supply (one of {list})",
        "`{value}` ليس رمز سبب إعفاء للتوريد المعفى من الضريبة (الرموز المقبولة: {list})";
    OUT_OF_SCOPE_REASON_MISSING: Rule("BR-KSA-24"), Warning, "*.vat.exemption_reason_code",
        "a supply not subject to VAT needs an exception reason code",
        "التوريد خارج نطاق الضريبة يحتاج إلى رمز سبب الاستثناء";
    OUT_OF_SCOPE_REASON: Rule("BR-KSA-24"), Warning, "*.vat.exemption_reason_code",
        "`{value}` is not a reason code for a supply not subject to VAT (one of {list})",
        "`{value}` ليس رمز سبب استثناء للتوريد خارج نطاق الضريبة (الرموز المقبولة: {list})";
    EXEMPTION_TEXT: Rule("BR-KSA-83"), Warning, "*.vat.exemption_reason",
        "reason code {value} needs the reason text",
        "رمز السبب {value} يحتاج إلى نص السبب";
    EXEMPTION_CONFLICT: ConflictingExemption, Sanad, "*.vat.exemption_reason_code",
        "category {category} already has reason {first} at {at}; one VAT breakdown carries one reason",
        "للفئة {category} سبب {first} في {at}؛ وتفصيل الضريبة للفئة الواحدة يحمل سببًا واحدًا";
    PREPAYMENT_STANDARD_CATEGORY: Rule("BR-S-01"), Warning, "prepayments[].vat.category",
        "the document has no line in category {category} to deduct this prepayment from",
        "لا يحتوي المستند على بند من الفئة {category} تُخصم منه هذه الدفعة المقدمة";
    PREPAYMENT_ZERO_RATED_CATEGORY: Rule("BR-Z-01"), Warning, "prepayments[].vat.category",
        "the document has no line in category {category} to deduct this prepayment from",
        "لا يحتوي المستند على بند من الفئة {category} تُخصم منه هذه الدفعة المقدمة";
    PREPAYMENT_EXEMPT_CATEGORY: Rule("BR-E-01"), Warning, "prepayments[].vat.category",
        "the document has no line in category {category} to deduct this prepayment from",
        "لا يحتوي المستند على بند من الفئة {category} تُخصم منه هذه الدفعة المقدمة";
    PREPAYMENT_OUT_OF_SCOPE_CATEGORY: Rule("BR-O-01"), Warning, "prepayments[].vat.category",
        "the document has no line in category {category} to deduct this prepayment from",
        "لا يحتوي المستند على بند من الفئة {category} تُخصم منه هذه الدفعة المقدمة";
    EDU_HEA_NATIONAL_ID: Rule("BR-KSA-49"), Error, "buyer.id",
        "{at} is private education or healthcare: the buyer needs a national ID (NAT)",
        "{at} تعليم أو رعاية صحية خاصة: يحتاج المشتري إلى رقم الهوية الوطنية (NAT)";
    EDU_HEA_BUYER_NAME: Rule("BR-KSA-25"), Warning, "buyer.name",
        "{at} is private education or healthcare: the buyer's name is needed",
        "{at} تعليم أو رعاية صحية خاصة: اسم المشتري مطلوب";

    // What only the computed amounts show.
    LINE_NET_NEGATIVE: Rule("BR-KSA-F-04"), Error, "lines[].allowances_charges",
        "the allowances make the line net amount negative",
        "الخصومات تجعل صافي البند سالبًا";
    CATEGORY_NEGATIVE: Rule("BR-KSA-F-04"), Error, "allowances_charges[].amount",
        "the allowances make the taxable amount of category {category} negative",
        "الخصومات تجعل المبلغ الخاضع للضريبة في الفئة {category} سالبًا";
    PREPAID_ABOVE_DUE: Rule("BR-KSA-F-04"), Error, "prepayments",
        "the prepayments are larger than the amount due",
        "الدفعات المقدمة أكبر من المبلغ المستحق";
    ROUNDING_BELOW_ZERO: Rule("BR-KSA-F-04"), Error, "payable_rounding",
        "the rounding makes the amount due negative",
        "مبلغ التقريب يجعل المبلغ المستحق سالبًا";

    // The chain values.
    PIH: Rule("BR-KSA-61"), Warning, "chain.pih",
        "the previous invoice hash must be base64 text",
        "قيمة تجزئة الفاتورة السابقة يجب أن تكون نصًا بترميز base64";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_their_patterns() {
        assert!(QUANTITY_ZERO.applies_to("lines[12].quantity"));
        assert!(!QUANTITY_ZERO.applies_to("lines[1].price"));
        assert!(ID_CRN.applies_to("seller.id.value"));
        assert!(ID_CRN.applies_to("buyer.id.value"));
        assert!(!ID_CRN.applies_to("seller.xid.value"));
        assert!(REASON_CODE.applies_to("lines[0].allowances_charges[3].reason_code"));
        assert!(MISSING.applies_to("anything.at[2].all"));
        assert!(!PIH.applies_to("chain.icv"));
    }

    #[test]
    fn messages_render_their_values() {
        assert_eq!(placeholders(TOO_LONG.en), ["max"]);
        assert_eq!(
            render(
                EXEMPTION_CONFLICT.en,
                &[("category", "Z"), ("first", "A"), ("at", "x")]
            ),
            "category Z already has reason A at x; one VAT breakdown carries one reason"
        );
    }

    #[test]
    fn every_rule_has_both_languages_with_the_same_values() {
        for r in REGISTRY {
            assert!(!r.en.trim().is_empty() && !r.ar.trim().is_empty(), "{r:?}");
            assert_ne!(r.en, r.ar, "{}", r.code());
            assert!(
                r.ar.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
                "{}: the Arabic message has no Arabic letter",
                r.code()
            );
            let en = placeholders(r.en);
            for p in placeholders(r.ar) {
                assert!(en.contains(&p), "{}: {{{p}}} only in Arabic", r.code());
            }
            match r.kind {
                ErrorKind::Rule(code) => {
                    assert!(!code.starts_with("SANAD-"), "{code}");
                    assert_ne!(r.severity, Severity::Sanad, "{code}");
                }
                _ => assert_eq!(r.severity, Severity::Sanad, "{}", r.code()),
            }
        }
    }

    #[test]
    fn one_code_one_severity() {
        for r in REGISTRY {
            for other in by_code(r.code()) {
                assert_eq!(r.severity, other.severity, "{}", r.code());
            }
        }
    }
}
