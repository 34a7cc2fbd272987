//! `sanad-cli bench engine` runs and names every figure it measures (no timing is asserted:
//! speed lives in the figures, not in tests).

use std::process::Command;

#[test]
fn bench_engine_prints_every_figure() {
    let o = Command::new(env!("CARGO_BIN_EXE_sanad-cli"))
        .args(["bench", "engine", "--runs", "1"])
        .output()
        .expect("run sanad-cli");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 8, "{stdout}");
    for size in ["3_lines", "200_lines"] {
        for figure in ["prepare", "sign", "draft_to_signed_qr", "verify"] {
            let name = format!("engine {figure}_{size} ");
            let line = lines
                .iter()
                .find(|l| l.starts_with(&name))
                .unwrap_or_else(|| panic!("no `{name}` in:\n{stdout}"));
            for column in ["wall median", " ms", "p95", "cpu/run", "(1 runs, "] {
                assert!(line.contains(column), "`{column}` missing: {line}");
            }
        }
    }
}
