//! The fonts Sanad prints with, shipped in `assets/fonts` (SIL Open Font License) and compiled
//! into the binary: Noto Naskh Arabic for Arabic script, Noto Sans for Latin, digits and symbols.
//! krilla subsets them on embedding.

use std::sync::LazyLock;

const NASKH_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/NotoNaskhArabic-Regular.ttf");
const NASKH_BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoNaskhArabic-Bold.ttf");
const SANS_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf");
const SANS_BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf");

/// Which of the four faces a run of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Face {
    Arabic,
    ArabicBold,
    Latin,
    LatinBold,
}

impl Face {
    pub(crate) fn pick(arabic: bool, bold: bool) -> Face {
        match (arabic, bold) {
            (true, false) => Face::Arabic,
            (true, true) => Face::ArabicBold,
            (false, false) => Face::Latin,
            (false, true) => Face::LatinBold,
        }
    }

    fn index(self) -> usize {
        match self {
            Face::Arabic => 0,
            Face::ArabicBold => 1,
            Face::Latin => 2,
            Face::LatinBold => 3,
        }
    }
}

/// One face, loaded twice: for shaping (rustybuzz) and for embedding (krilla).
pub(crate) struct Loaded {
    pub(crate) shaper: rustybuzz::Face<'static>,
    pub(crate) pdf: krilla::text::Font,
    pub(crate) units_per_em: f32,
}

pub(crate) struct Fonts {
    faces: [Loaded; 4],
}

impl Fonts {
    pub(crate) fn get(&self, face: Face) -> &Loaded {
        &self.faces[face.index()]
    }
}

fn load(data: &'static [u8]) -> Loaded {
    // The bytes are compiled in and checked by the test suite; a failure here is a build defect.
    let shaper = rustybuzz::Face::from_slice(data, 0).expect("bundled font parses");
    let pdf = krilla::text::Font::new(data.into(), 0).expect("bundled font loads");
    let units_per_em = shaper.units_per_em() as f32;
    Loaded {
        shaper,
        pdf,
        units_per_em,
    }
}

pub(crate) static FONTS: LazyLock<Fonts> = LazyLock::new(|| Fonts {
    faces: [
        load(NASKH_REGULAR),
        load(NASKH_BOLD),
        load(SANS_REGULAR),
        load(SANS_BOLD),
    ],
});
