//! `sanad-cli prepare`: a JSON draft → the unsigned UBL invoice (with ICV and PIH), its totals,
//! and optionally the verdict of ZATCA's rule files.

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Args;
use zatca::{ChainFields, Draft};

use super::CliError;

/// The PIH of a device's first invoice: base64 of the hex text of sha256("0").
const FIRST_PIH: &str =
    "NWZlY2ViNjZmZmM4NmYzOGQ5NTI3ODZjNmQ2OTZjNzljMmRiYzIzOWRkNGU5MWI0NjcyOWQ3M2EyN2ZiNTdlOQ==";

/// Warnings every unsigned document gets and that signing removes (QR, stamp), plus BR-KSA-98
/// (a simplified document reported more than 24 hours after issue), which depends on the clock.
const UNSIGNED_WARNINGS: [&str; 3] = ["BR-KSA-27", "BR-KSA-60", "BR-KSA-98"];

#[derive(Args)]
pub struct PrepareArgs {
    /// The draft (JSON, see docs/draft-format.md).
    pub draft: PathBuf,
    /// Where to write the XML (default: the draft's path with `.xml`).
    #[arg(short, long)]
    pub out: Option<PathBuf>,
    /// Invoice counter value (ICV).
    #[arg(long, default_value_t = 1)]
    pub icv: u64,
    /// Previous invoice hash (PIH), base64; default: the first-invoice value.
    #[arg(long, default_value = FIRST_PIH)]
    pub pih: String,
    /// Also run ZATCA's rule files (XSD, EN, KSA) over the XML with tools/validate.py.
    #[arg(long)]
    pub validate: bool,
    /// Where ZATCA's rule files are: a directory holding `tools/validate.py` and
    /// `vendor/zatca-sdk` (default: $SANAD_RULES_DIR, then `rules/` next to the binary or a
    /// folder above it, the current folder and those above it, then the data directories).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

/// The environment variable naming the rule files' directory.
pub const RULES_ENV: &str = "SANAD_RULES_DIR";

/// ZATCA's rule files as `tools/validate.py` runs them.
struct RuleFiles {
    script: PathBuf,
    data: PathBuf,
}

impl RuleFiles {
    /// The rule files in `dir`, if they are all there.
    fn at(dir: &Path) -> Option<Self> {
        let script = dir.join("tools/validate.py");
        let data = dir.join("vendor/zatca-sdk");
        let complete = script.is_file()
            && data.join("Data/Rules/Schematrons").is_dir()
            && data.join("Data/Schemas").is_dir();
        complete.then_some(Self { script, data })
    }

    /// Finds the rule files at run time: the option, the environment, next to the binary (or in a
    /// folder above it, as in a clone), the current folder and those above it, the data
    /// directories. A directory named explicitly must hold them.
    fn find(option: Option<&Path>) -> Result<Self, CliError> {
        let named = option
            .map(|d| (d.to_path_buf(), "--rules"))
            .or_else(|| std::env::var_os(RULES_ENV).map(|d| (PathBuf::from(d), RULES_ENV)));
        if let Some((dir, by)) = named {
            return Self::at(&dir).ok_or_else(|| {
                CliError::new(format!(
                    "{by} names {}, which does not hold ZATCA's rule files \
                     (tools/validate.py and vendor/zatca-sdk with Data/Rules and Data/Schemas)",
                    dir.display()
                ))
            });
        }
        let mut looked = Vec::new();
        let mut candidates = Vec::new();
        if let Some(exe_dir) = std::env::current_exe()
            .ok()
            .and_then(|e| e.parent().map(Path::to_path_buf))
        {
            candidates.push(exe_dir.join("rules"));
            candidates.extend(exe_dir.ancestors().map(Path::to_path_buf));
        }
        if let Ok(cwd) = std::env::current_dir() {
            candidates.extend(cwd.ancestors().map(Path::to_path_buf));
        }
        let data_home = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")));
        candidates.extend(data_home.map(|d| d.join("sanad/rules")));
        candidates.push(PathBuf::from("/usr/local/share/sanad/rules"));
        candidates.push(PathBuf::from("/usr/share/sanad/rules"));
        for dir in candidates {
            if let Some(found) = Self::at(&dir) {
                return Ok(found);
            }
            looked.push(dir.display().to_string());
        }
        Err(CliError::new(format!(
            "ZATCA's rule files were not found (tools/validate.py and vendor/zatca-sdk); \
             looked in: {}. Name their directory with --rules DIR or {RULES_ENV}, or copy them \
             to rules/ next to sanad-cli",
            looked.join(", ")
        )))
    }
}

pub fn run(args: PrepareArgs) -> Result<(), CliError> {
    // Without the rule files, say so before anything is written.
    let rules = if args.validate {
        Some(RuleFiles::find(args.rules.as_deref())?)
    } else {
        None
    };
    let json = std::fs::read(&args.draft)
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", args.draft.display())))?;
    let draft = Draft::from_json(&json)
        .map_err(|e| CliError::new(format!("{}: {e}", args.draft.display())))?;
    let chain = ChainFields {
        icv: args.icv,
        pih: args.pih,
    };
    let prepared = zatca::prepare(&draft, &chain)
        .map_err(|e| CliError::new(format!("{}: {e}", args.draft.display())))?;
    let out = args.out.unwrap_or_else(|| args.draft.with_extension("xml"));
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::new(format!("cannot create {}: {e}", dir.display())))?;
    }
    std::fs::write(&out, &prepared.xml)
        .map_err(|e| CliError::new(format!("cannot write {}: {e}", out.display())))?;
    let t = &prepared.totals;
    println!("{}", out.display());
    println!(
        "  type {} {}  currency {}",
        draft.kind.type_code(),
        prepared.type_name,
        draft.currency
    );
    println!(
        "  net {}  VAT {}  total {}  payable {}",
        t.tax_exclusive, t.tax_total, t.tax_inclusive, t.payable
    );
    if !draft.is_sar() {
        println!("  VAT in SAR {}", t.tax_total_sar);
    }
    if let Some(rules) = rules {
        validate(&rules, &out)?;
    }
    Ok(())
}

fn validate(rules: &RuleFiles, xml: &Path) -> Result<(), CliError> {
    let script = &rules.script;
    let output = Command::new("python3")
        .arg(script)
        .arg("--data")
        .arg(&rules.data)
        .arg("--strict")
        .args(
            UNSIGNED_WARNINGS
                .iter()
                .flat_map(|w| ["--allow-warning", w]),
        )
        .arg(xml)
        .output()
        .map_err(|e| CliError::new(format!("cannot run python3 {}: {e}", script.display())))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in stdout.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        for f in v["errors"].as_array().into_iter().flatten() {
            println!("  error {}", f["message"].as_str().unwrap_or("?"));
        }
        for f in v["warnings"].as_array().into_iter().flatten() {
            let code = f["code"].as_str().unwrap_or("?");
            if UNSIGNED_WARNINGS.contains(&code) {
                println!("  expected before signing: {code}");
            } else {
                println!("  warning {}", f["message"].as_str().unwrap_or("?"));
            }
        }
    }
    match output.status.code() {
        Some(0) => {
            println!(
                "  rule files (XSD, EN 16931, KSA): passed (the unsigned document lacks only QR and stamp)"
            );
            Ok(())
        }
        Some(1) => Err(CliError::new(
            "the rule files found errors or unexpected warnings",
        )),
        _ => Err(CliError::new(format!(
            "tools/validate.py failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ))),
    }
}
