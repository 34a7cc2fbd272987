#!/usr/bin/env python3
"""Run ZATCA's official rule files over invoices: XSD, EN 16931 and KSA schematron.

    python3 tools/validate.py [--data DIR] [--allow-warning CODE ...] [--strict] FILE|DIR ...

Each stylesheet is compiled once, so hundreds of files run in one process. One JSON object is
printed per file, on its own line:

    {"file": "...", "errors": [{"stage": "KSA", "code": "BR-KSA-17", "message": "...",
     "location": "..."}], "warnings": [...]}

followed by a summary line {"summary": {"files": N, "errors": E, "warnings": W}}.

Exit status: 1 if any file has an error (or, with --strict, a warning whose code is not listed
with --allow-warning); 2 on bad usage or missing dependencies; 0 otherwise.

Dependencies: pip install saxonche lxml
The rule files come from vendor/zatca-sdk (ZATCA SDK data) unless --data names another copy.
"""

import argparse
import json
import sys
from pathlib import Path

SVRL = "http://purl.oclc.org/dsdl/svrl"
XSD_PATH = "Data/Schemas/xsds/UBL2.1/xsd/maindoc/UBL-Invoice-2.1.xsd"
STAGES = (
    ("EN", "Data/Rules/Schematrons/CEN-EN16931-UBL.xsl"),
    ("KSA", "Data/Rules/Schematrons/20210819_ZATCA_E-invoice_Validation_Rules.xsl"),
)


def load_deps():
    try:
        from lxml import etree
        from saxonche import PySaxonProcessor
    except ImportError as e:
        sys.stderr.write("validate.py: missing dependency (%s); run: pip install saxonche lxml\n" % e)
        sys.exit(2)
    return etree, PySaxonProcessor


class Rules:
    def __init__(self, data):
        etree, PySaxonProcessor = load_deps()
        self.etree = etree
        self.schema = etree.XMLSchema(etree.parse(str(data / XSD_PATH)))
        self.proc = PySaxonProcessor(license=False)
        compiler = self.proc.new_xslt30_processor()
        self.stylesheets = [(name, compiler.compile_stylesheet(stylesheet_file=str(data / rel))) for name, rel in STAGES]

    def check(self, path):
        findings = []
        raw = path.read_bytes()
        try:
            doc = self.etree.fromstring(raw)
        except self.etree.XMLSyntaxError as e:
            return [("ERROR", "XML", "XML-SYNTAX", str(e), "")]
        if not self.schema.validate(doc):
            for e in self.schema.error_log:
                findings.append(("ERROR", "XSD", "XSD", "line %d: %s" % (e.line, e.message), ""))
        try:
            node = self.proc.parse_xml(xml_text=raw.decode("utf-8"))
        except Exception as e:  # noqa: BLE001 - Saxon raises its own exception types
            return findings + [("ERROR", "XML", "XML-PARSE", str(e).strip(), "")]
        for stage, xslt in self.stylesheets:
            try:
                svrl = xslt.transform_to_string(xdm_node=node)
            except Exception as e:  # noqa: BLE001
                findings.append(("ERROR", stage, "XSLT-DYNAMIC-ERROR", str(e).strip(), ""))
                continue
            if not svrl:
                findings.append(("ERROR", stage, "XSLT-NO-OUTPUT", "the rule file produced no report", ""))
                continue
            report = self.etree.fromstring(svrl.encode("utf-8"))
            for fa in report.iter("{%s}failed-assert" % SVRL, "{%s}successful-report" % SVRL):
                flag = (fa.get("flag") or "error").lower()
                level = "WARNING" if flag in ("warning", "info", "information") else "ERROR"
                code = (fa.findtext("{%s}message-code" % SVRL) or fa.get("id") or "?").strip()
                text = " ".join((fa.findtext("{%s}text" % SVRL) or "").split())
                findings.append((level, stage, code, text, fa.get("location") or ""))
        return findings


def expand(args):
    for a in args:
        p = Path(a)
        if p.is_dir():
            yield from sorted(p.rglob("*.xml"))
        else:
            yield p


def main(argv=None):
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description="Validate UBL invoices against ZATCA's XSD, EN and KSA rule files.")
    ap.add_argument("paths", nargs="*", help="XML files or directories (searched for *.xml)")
    ap.add_argument("--data", type=Path, default=here / "vendor" / "zatca-sdk", help="ZATCA SDK data directory")
    ap.add_argument("--list", type=Path, help="a file naming one XML file per line")
    ap.add_argument("--strict", action="store_true", help="warnings not allowed with --allow-warning fail too")
    ap.add_argument("--allow-warning", action="append", default=[], metavar="CODE", help="a warning code --strict accepts")
    a = ap.parse_args(argv)
    paths = list(expand(a.paths))
    if a.list:
        paths += [Path(line.strip()) for line in a.list.read_text().splitlines() if line.strip()]
    if not paths:
        ap.error("no files to validate")
    rules = Rules(a.data)
    allowed = set(a.allow_warning)
    failed = 0
    n_err = n_warn = 0
    for p in paths:
        try:
            findings = rules.check(p)
        except OSError as e:
            findings = [("ERROR", "IO", "IO", str(e), "")]
        errors = [dict(stage=s, code=c, message=m, location=l) for lv, s, c, m, l in findings if lv == "ERROR"]
        warnings = [dict(stage=s, code=c, message=m, location=l) for lv, s, c, m, l in findings if lv == "WARNING"]
        n_err += len(errors)
        n_warn += len(warnings)
        if errors or (a.strict and any(w["code"] not in allowed for w in warnings)):
            failed += 1
        print(json.dumps({"file": str(p), "errors": errors, "warnings": warnings}, ensure_ascii=False))
    print(json.dumps({"summary": {"files": len(paths), "failed": failed, "errors": n_err, "warnings": n_warn}}))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
