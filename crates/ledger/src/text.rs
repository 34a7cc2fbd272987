//! Search folding: what a person types should find what was written, in Arabic or English.

/// Folds text for searching: lower case; Arabic hamza forms of alef to bare alef, taa marbuta to
/// haa, alef maqsura to yaa, hamza on waw/yaa to the bare letter; tatweel and diacritics removed;
/// Arabic-Indic and Persian digits to ASCII digits.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ة' => out.push('ه'),
            'ى' | 'ئ' => out.push('ي'),
            'ؤ' => out.push('و'),
            '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' => {}
            '\u{0660}'..='\u{0669}' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
            '\u{06F0}'..='\u{06F9}' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The folded text a customer or item is found by: both names.
pub(crate) fn search_text(name_ar: &str, name_en: Option<&str>) -> String {
    match name_en {
        Some(en) => format!("{} | {}", fold(name_ar), fold(en)),
        None => fold(name_ar),
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_arabic_letter_forms_diacritics_and_digits() {
        assert_eq!(fold("أحمد"), fold("احمد"));
        assert_eq!(fold("مؤسسة"), "موسسه");
        assert_eq!(fold("مُحَمَّد"), "محمد");
        assert_eq!(fold("مصطفى"), "مصطفي");
        assert_eq!(fold("شـــركة"), "شركه");
        assert_eq!(fold("٣١٠١٢٣"), "310123");
        assert_eq!(fold("Palm TRADING"), "palm trading");
    }
}
