//! The official rule files (XSD, EN 16931 and KSA schematron) over a submitted document, through
//! an external validator that prints `tools/validate.py`'s JSON lines. Optional: it needs Python
//! with saxonche and lxml, and takes about a second per document.

use std::io::Write as _;
use std::process::Command;

use fatoora::codes;
use serde::Deserialize;

use zatca::api::ValidationResults;

#[derive(Deserialize)]
struct Finding {
    stage: String,
    code: String,
    message: String,
}

#[derive(Deserialize)]
struct FileReport {
    #[serde(default)]
    errors: Vec<Finding>,
    #[serde(default)]
    warnings: Vec<Finding>,
}

/// ZATCA's category for a stage of the rule files.
fn category(stage: &str) -> &'static str {
    match stage {
        "EN" => codes::EN_16931,
        "KSA" => codes::KSA,
        _ => codes::XSD_VALIDATION,
    }
}

/// ZATCA's code for a finding: the rule id, or `XSD_ZATCA_INVALID` for the schema.
fn code(f: &Finding) -> String {
    match f.stage.as_str() {
        "EN" | "KSA" => f.code.clone(),
        _ => codes::XSD_ZATCA_INVALID.into(),
    }
}

/// Runs `command` (program and arguments; the file path is appended) over `xml` and adds its
/// findings to `results`. Fails when the validator cannot run or answers nothing readable.
pub fn apply(
    command: &[String],
    xml: &[u8],
    results: &mut ValidationResults,
) -> Result<(), String> {
    let (program, args) = command
        .split_first()
        .ok_or_else(|| "the rules command is empty".to_owned())?;
    let mut file = tempfile::Builder::new()
        .suffix(".xml")
        .tempfile()
        .map_err(|e| format!("temporary file: {e}"))?;
    file.write_all(xml)
        .and_then(|()| file.flush())
        .map_err(|e| format!("temporary file: {e}"))?;
    let out = Command::new(program)
        .args(args)
        .arg(file.path())
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report = stdout
        .lines()
        .filter(|l| l.starts_with("{\"file\""))
        .find_map(|l| serde_json::from_str::<FileReport>(l).ok())
        .ok_or_else(|| {
            format!(
                "the rules validator answered nothing readable ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            )
        })?;
    for f in &report.errors {
        results.error(&code(f), category(&f.stage), f.message.clone());
    }
    for f in &report.warnings {
        results.warning(&code(f), category(&f.stage), f.message.clone());
    }
    if !report
        .errors
        .iter()
        .any(|f| f.stage == "XSD" || f.stage == "XML")
    {
        // (ZATCA) the schema did run and pass.
        results.info(
            codes::XSD_ZATCA_VALID,
            codes::XSD_VALIDATION,
            "Complied with UBL 2.1 standards in line with ZATCA specifications",
        );
    }
    Ok(())
}
