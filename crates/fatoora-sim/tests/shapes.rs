//! The simulator answers as ZATCA does: for each situation a real (or documented) answer in
//! `vendor/fatoora-responses/` shows, the simulator's answer has the same keys, and the same
//! codes, categories and messages, byte for byte where ZATCA's words are known.

#[path = "../../fatoora/tests/support/mod.rs"]
mod support;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use fatoora::{Credentials, Outcome};
use fatoora_sim::{Endpoint, EndpointFaults, Fault, FaultPlan};
use serde_json::Value;
use std::collections::BTreeSet;
use support::*;
use zatca::api::Environment;

/// The published body of sample `NN`.
fn sample(prefix: &str) -> Value {
    let dir = vendor().join("../fatoora-responses");
    let path = std::fs::read_dir(&dir)
        .expect("vendor/fatoora-responses")
        .map(|e| e.expect("entry").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("sample {prefix}"));
    let json: Value = serde_json::from_slice(&std::fs::read(path).expect("read")).expect("JSON");
    json["body"].clone()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// A request to one of the six endpoints, with ZATCA's headers; the answer's status and JSON.
async fn call(
    h: &Harness,
    method: &str,
    path: &str,
    auth: Option<&Credentials>,
    otp: Option<&str>,
    body: &str,
) -> (u16, Value) {
    let basic = auth.map(|c| format!("Basic {}", B64.encode(format!("{}:{}", c.token, c.secret))));
    let mut headers = vec![("Accept-Version", "V2")];
    if let Some(b) = &basic {
        headers.push(("Authorization", b.as_str()));
    }
    if let Some(otp) = otp {
        headers.push(("OTP", otp));
    }
    let (status, text) = http_with(
        method,
        &format!("{}{path}", h.sim.base_url()),
        &headers,
        body,
    )
    .await;
    let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, json)
}

fn csr_body(device: &Device) -> String {
    serde_json::json!({ "csr": B64.encode(device.csr_pem.as_bytes()) }).to_string()
}

fn body_of(doc: &Doc) -> String {
    String::from_utf8(doc.submission.body().to_vec()).expect("JSON")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csid_answers_and_refusals() {
    let h = Harness::start(Environment::Sandbox).await;
    let dev = sdk_device("csr-en-individual-nonproduction");

    // 01: a compliance CSID.
    let (status, csid) = call(
        &h,
        "POST",
        "/compliance",
        None,
        Some("123345"),
        &csr_body(&dev),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(keys(&csid), keys(&sample("01")));
    assert_eq!(
        (&csid["dispositionMessage"], &csid["errors"]),
        (&sample("01")["dispositionMessage"], &Value::Null)
    );
    assert_eq!(
        csid["requestID"].as_u64().map(|n| n.to_string().len()),
        Some(13)
    );

    // 04: no OTP, in the shape ZATCA documents.
    let (status, missing) = call(&h, "POST", "/compliance", None, None, &csr_body(&dev)).await;
    assert_eq!((status, missing), (400, sample("04")));

    // 02: a CSR that is not compliant (here: not a CSR at all).
    let bad = serde_json::json!({ "csr": B64.encode("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n") }).to_string();
    let (status, refused) = call(&h, "POST", "/compliance", None, Some("123345"), &bad).await;
    assert_eq!(status, 400);
    assert_eq!(keys(&refused), keys(&sample("02")));
    for key in [
        "requestID",
        "dispositionMessage",
        "binarySecurityToken",
        "secret",
    ] {
        assert_eq!(refused[key], sample("02")[key], "{key}");
    }
    assert!(refused["errors"][0].is_string());

    // 03: another environment's template, denied by the certificate services in ZATCA's words.
    let simulation = sdk_device("csr-en-individual-simulation");
    let (status, denied) = call(
        &h,
        "POST",
        "/compliance",
        None,
        Some("123345"),
        &csr_body(&simulation),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(denied, sample("03"), "byte for byte");

    // 14: a production CSID; 15 and 16: renewal, and renewal with a CSR that is not compliant.
    let c = h.client(policy());
    let on = onboard(&c, "csr-en-individual-nonproduction", "123345").await;
    let other = onboard(&c, "csr-ar-individual-nonproduction", "123345").await;
    let (status, _) = call(
        &h,
        "POST",
        "/production/csids",
        Some(&other.compliance),
        None,
        "{}",
    )
    .await;
    assert_eq!(status, 400, "compliance_request_id missing");
    let (status, production) = call(
        &h,
        "POST",
        "/production/csids",
        Some(&other.compliance),
        None,
        &format!("{{\"compliance_request_id\":\"{}\"}}", other.compliance_id),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(keys(&production), keys(&sample("14")));
    assert_eq!(production["tokenType"], sample("14")["tokenType"]);
    let (status, not_compliant) = call(
        &h,
        "PATCH",
        "/production/csids",
        Some(&on.production),
        Some("123345"),
        &csr_body(&simulation),
    )
    .await;
    assert_eq!(status, 428, "{not_compliant}");
    assert_eq!(
        not_compliant["dispositionMessage"],
        sample("16")["value"]["dispositionMessage"]
    );
    assert!(keys(&not_compliant).is_subset(&keys(&sample("16")["value"])));
    let group = sdk_device("csr-en-group-nonproduction");
    let (status, other_vat) = call(
        &h,
        "PATCH",
        "/production/csids",
        Some(&on.production),
        Some("123345"),
        &csr_body(&group),
    )
    .await;
    assert_eq!((status, other_vat["requestID"].as_i64()), (428, Some(-1)));
    assert!(
        other_vat["errors"][0]
            .as_str()
            .is_some_and(|e| e.contains("VAT number"))
    );
    let (status, renewed) = call(
        &h,
        "PATCH",
        "/production/csids",
        Some(&on.production),
        Some("123345"),
        &csr_body(&dev),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(keys(&renewed), keys(&sample("15")));

    // 17: the renewed CSID no longer authenticates.
    let doc = signed(SIMPLIFIED, &new_uuid(1), &on.signer);
    let (status, denied) = call(
        &h,
        "POST",
        "/invoices/reporting/single",
        Some(&on.production),
        None,
        &body_of(&doc),
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(keys(&denied), keys(&sample("17")));
    assert_eq!(
        (&denied["error"], &denied["message"]),
        (&sample("17")["error"], &sample("17")["message"])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compliance_answers() {
    let h = Harness::start(Environment::Sandbox).await;
    let c = h.client(policy());
    let device = sdk_device("csr-en-individual-nonproduction");
    let csid = match c.compliance_csid("123345", &device.csr_pem).await.outcome {
        Outcome::Accepted(b) => b,
        other => panic!("{other:?}"),
    };
    let creds = Credentials::from(&csid);
    let s = signer(&device, &csid.binary_security_token);
    let production = format!("{{\"compliance_request_id\":\"{}\"}}", csid.request_id);

    // 05 and 06: a standard and a simplified document pass, with ZATCA's schema info.
    for (n, (prefix, sample_file)) in [("05", STANDARD), ("06", SIMPLIFIED)]
        .into_iter()
        .enumerate()
    {
        let doc = signed(sample_file, &new_uuid(n as u64), &s);
        let (status, answer) = call(
            &h,
            "POST",
            "/compliance/invoices",
            Some(&creds),
            None,
            &body_of(&doc),
        )
        .await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer, sample(prefix), "{prefix}: byte for byte");
        // 12: one document step done of six.
        if prefix == "05" {
            let (status, missing) = call(
                &h,
                "POST",
                "/production/csids",
                Some(&creds),
                None,
                &production,
            )
            .await;
            assert_eq!((status, missing), (400, sample("12")));
        }
    }
    for (i, (_, sample_file)) in SIX.iter().enumerate() {
        let doc = signed(sample_file, &new_uuid(10 + i as u64), &s);
        assert!(
            c.compliance_invoice(&creds, &doc.submission)
                .await
                .outcome
                .is_accepted()
        );
    }
    // 13: the QR steps, asked for once the six documents passed.
    h.sim.set_qr_compliance_steps(true).expect("switch");
    let (status, missing) = call(
        &h,
        "POST",
        "/production/csids",
        Some(&creds),
        None,
        &production,
    )
    .await;
    assert_eq!((status, missing), (400, sample("13")));

    // 09: a VAT number other than the certificate's, signed with that certificate.
    let group = sdk_device("csr-en-group-nonproduction");
    let gcsid = match c.compliance_csid("123345", &group.csr_pem).await.outcome {
        Outcome::Accepted(b) => b,
        other => panic!("{other:?}"),
    };
    let doc = signed(
        SIMPLIFIED,
        &new_uuid(30),
        &signer(&group, &gcsid.binary_security_token),
    );
    let (status, answer) = call(
        &h,
        "POST",
        "/compliance/invoices",
        Some(&Credentials::from(&gcsid)),
        None,
        &body_of(&doc),
    )
    .await;
    assert_eq!(status, 400);
    let real = sample("09");
    assert_eq!(
        answer["validationResults"]["errorMessages"],
        real["validationResults"]["errorMessages"]
    );
    assert!(
        answer["validationResults"]["warningMessages"]
            .as_array()
            .expect("warnings")
            .contains(&real["validationResults"]["warningMessages"][1]),
        "invalid-signing-certificate as ZATCA words it: {answer}"
    );
    assert_eq!(
        (&answer["reportingStatus"], &answer["clearanceStatus"]),
        (&real["reportingStatus"], &real["clearanceStatus"])
    );

    // 24: a certificate for standard documents only, and a simplified one.
    let standard_only = new_device(
        zatca::api::Environment::Sandbox,
        "399999999900003",
        "1000",
        "s",
    );
    let scsid = match c
        .compliance_csid("123345", &standard_only.csr_pem)
        .await
        .outcome
    {
        Outcome::Accepted(b) => b,
        other => panic!("{other:?}"),
    };
    let doc = signed(
        SIMPLIFIED,
        &new_uuid(40),
        &signer(&standard_only, &scsid.binary_security_token),
    );
    let (status, answer) = call(
        &h,
        "POST",
        "/compliance/invoices",
        Some(&Credentials::from(&scsid)),
        None,
        &body_of(&doc),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        answer["validationResults"]["errorMessages"],
        serde_json::json!([sample("24")["validationResults"]["errorMessages"][0]])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reporting_and_clearance_answers() {
    let h = Harness::start(Environment::Sandbox).await;
    let c = h.client(policy());
    let dev = onboard(&c, "csr-en-individual-nonproduction", "123345").await;
    let auth = Some(&dev.production);

    // 18: signed with ZATCA SDK's own test certificate: reported, with two warnings.
    let certs = vendor().join("Data/Certificates");
    let sdk = zatca::stamp::Signer::from_any(
        &std::fs::read(certs.join("ec-secp256k1-priv-key.pem")).expect("key"),
        &std::fs::read(certs.join("cert.pem")).expect("cert"),
    )
    .expect("SDK signer");
    let doc = signed(SIMPLIFIED, &new_uuid(1), &sdk);
    let (status, answer) = call(
        &h,
        "POST",
        "/invoices/reporting/single",
        auth,
        None,
        &body_of(&doc),
    )
    .await;
    assert_eq!(status, 202);
    assert_eq!(answer, sample("18"), "byte for byte");

    // 19: signed with a certificate of another VAT number.
    let group = sdk_device("csr-en-group-nonproduction");
    let gcsid = match c.compliance_csid("123345", &group.csr_pem).await.outcome {
        Outcome::Accepted(b) => b,
        other => panic!("{other:?}"),
    };
    let doc = signed(
        SIMPLIFIED,
        &new_uuid(2),
        &signer(&group, &gcsid.binary_security_token),
    );
    let (status, answer) = call(
        &h,
        "POST",
        "/invoices/reporting/single",
        auth,
        None,
        &body_of(&doc),
    )
    .await;
    assert_eq!((status, answer), (202, sample("19")));

    // 20: a reporting duplicate.
    let (status, answer) = call(
        &h,
        "POST",
        "/invoices/reporting/single",
        auth,
        None,
        &body_of(&doc),
    )
    .await;
    assert_eq!((status, answer), (409, sample("20")));

    // 21: a clearance duplicate: the same cleared invoice, with ZATCA's duplicate warning.
    let standard = signed(STANDARD, &new_uuid(3), &dev.signer);
    let (status, first) = call(
        &h,
        "POST",
        "/invoices/clearance/single",
        auth,
        None,
        &body_of(&standard),
    )
    .await;
    assert_eq!(status, 200, "{first}");
    let (status, again) = call(
        &h,
        "POST",
        "/invoices/clearance/single",
        auth,
        None,
        &body_of(&standard),
    )
    .await;
    assert_eq!(status, 208);
    assert_eq!(keys(&again), keys(&sample("21")));
    assert_eq!(again["clearedInvoice"], first["clearedInvoice"]);
    let real = &sample("21")["validationResults"];
    assert_eq!(
        again["validationResults"]["warningMessages"],
        real["warningMessages"]
    );
    assert_eq!(
        again["validationResults"]["infoMessages"],
        real["infoMessages"]
    );
    assert_eq!(again["validationResults"]["status"], real["status"]);

    // 22: clearance of a document whose seller is not the certificate's.
    let text = String::from_utf8(unsigned_sample(STANDARD, &new_uuid(5))).expect("utf-8");
    let foreign = text.replace("399999999900003", "399999999800003");
    let s = zatca::stamp::sign(foreign.as_bytes(), &dev.signer, signing_time()).expect("signs");
    let body = String::from_utf8(
        fatoora::InvoiceSubmission::new(&s.xml, &s.hash.to_base64(), &new_uuid(5))
            .body()
            .to_vec(),
    )
    .expect("JSON");
    let (status, answer) = call(&h, "POST", "/invoices/clearance/single", auth, None, &body).await;
    assert_eq!(status, 400);
    assert_eq!(answer["clearanceStatus"], sample("22")["clearanceStatus"]);
    let errors = answer["validationResults"]["errorMessages"]
        .as_array()
        .expect("errors");
    let real = &sample("22")["validationResults"]["errorMessages"][0];
    assert!(
        errors.iter().any(|e| e["code"] == real["code"]
            && e["category"] == real["category"]
            && e["message"].as_str().map(str::to_lowercase)
                == real["message"].as_str().map(str::to_lowercase)),
        "{answer}"
    );

    // 27: clearance switched off.
    h.sim.set_clearance(false).expect("switch");
    let (status, answer) = call(
        &h,
        "POST",
        "/invoices/clearance/single",
        auth,
        None,
        &body_of(&standard),
    )
    .await;
    assert_eq!((status, answer), (303, sample("27")));

    // 26: no Accept-Version.
    let (status, text) = http(
        "POST",
        &format!("{}/invoices/reporting/single", h.sim.base_url()),
        "{}",
    )
    .await;
    assert_eq!((status, Value::String(text)), (406, sample("26")));

    // 25: server trouble, in the shape ZATCA documents for its 500.
    let mut plan = FaultPlan::default();
    plan.endpoints.insert(
        Endpoint::Reporting,
        EndpointFaults {
            queue: [Fault::ServerError { status: 500 }].into(),
            ..Default::default()
        },
    );
    h.sim.set_faults(plan);
    let (status, answer) = call(
        &h,
        "POST",
        "/invoices/reporting/single",
        auth,
        None,
        &body_of(&doc),
    )
    .await;
    assert_eq!((status, keys(&answer)), (500, keys(&sample("25"))));
    assert_eq!(
        (&answer["category"], &answer["code"]),
        (&sample("25")["category"], &sample("25")["code"])
    );
}
