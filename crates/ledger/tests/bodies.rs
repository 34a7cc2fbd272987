//! Compressed bodies: every stored document decompresses to the exact signed (and cleared)
//! bytes; one dictionary per signing certificate; older books with raw bodies are compressed
//! after opening and read the same before and after.

mod support;

use base64::Engine as _;
use chrono::Duration;
use ledger::body::Codec;
use ledger::submissions::{Attempt, Outcome};
use ledger::{ChainSlot, Ledger, SignedDocument};
use sha2::{Digest, Sha256};
use support::{at, request, setup, shaped_check, shaped_for, shaped_signer};
use zatca::api::Route;
use zatca::model::Flow;

/// The shaped signer's document with a signing certificate in it (its text is `cert`).
fn signed_with(cert: &'static str) -> impl Fn(&ChainSlot) -> Result<SignedDocument, String> {
    move |slot| {
        let mut doc = shaped_signer(slot)?;
        let xml = String::from_utf8(doc.xml)
            .map_err(|e| e.to_string())?
            .replace(
                "</Invoice>",
                &format!(
                    "<ds:X509Certificate xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">{cert}\
                 </ds:X509Certificate></Invoice>"
                ),
            );
        doc.hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&xml));
        doc.xml = xml.into_bytes();
        Ok(doc)
    }
}

fn stored(ledger: &Ledger, id: i64) -> (Codec, Option<i64>, usize) {
    ledger
        .conn()
        .query_row(
            "SELECT codec, dict, length(signed_xml) FROM document_bodies WHERE document_id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?.parse().unwrap(),
                    r.get(1)?,
                    r.get::<_, i64>(2)? as usize,
                ))
            },
        )
        .unwrap()
}

#[test]
fn every_engine_signed_document_comes_back_byte_for_byte_and_smaller() {
    let dir = support::scratch();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let mut signed = Vec::new();
    let mut qrs = Vec::new();
    for i in 0..40 {
        let issued = ledger
            .issue(&request(device, at(9, 0) + Duration::seconds(i)), |slot| {
                let doc = support::sign(slot)?;
                signed.push(doc.xml.clone());
                qrs.push(doc.qr.clone());
                Ok::<_, String>(doc)
            })
            .unwrap();
        let doc = ledger.document(issued.document_id).unwrap();
        assert!(doc.signed_xml == signed[i as usize], "document {i}");
        assert_eq!(doc.qr, qrs[i as usize], "the QR, read from the bytes");
        let (codec, dict, size) = stored(&ledger, issued.document_id);
        assert_eq!(codec, Codec::Zstd);
        assert!(dict.is_some());
        assert!(
            size * 5 < doc.signed_xml.len(),
            "{size} bytes stored for {}",
            doc.signed_xml.len()
        );
    }
    // The chain walk reads the same bytes: the engine verifies every one.
    let report = ledger.verify_chain(device, support::check).unwrap();
    assert!(
        report.problems.is_empty() && report.documents == 40,
        "{report:?}"
    );
    // One dictionary: the shipped one with this device's certificate appended.
    let (n, base, bytes): (i64, String, Vec<u8>) = ledger
        .conn()
        .query_row(
            "SELECT count(*), min(base), min(bytes) FROM body_dictionaries",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((n, base.as_str()), (1, ledger::body::BASE));
    assert!(bytes.starts_with(ledger::body::BASE_DICTIONARY));
    assert!(bytes.len() > ledger::body::BASE_DICTIONARY.len() + 500);
    // Claimed bytes are the signed bytes too.
    let now = at(12, 0);
    let claimed = ledger
        .claim_next("w", now, now + Duration::minutes(1), 100)
        .unwrap();
    assert_eq!(claimed.len(), 40);
    for c in &claimed {
        assert!(c.signed_xml == signed[(c.summary.icv - 1) as usize]);
    }
}

#[test]
fn cleared_bytes_are_compressed_with_their_document_and_come_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let mut req = request(device, at(9, 0));
    req.flow = Flow::Standard;
    let doc = ledger.issue(&req, shaped_for(&req)).unwrap();
    let mut cleared = ledger.document(doc.document_id).unwrap().signed_xml;
    cleared.extend_from_slice(b"<!-- cleared by ZATCA, with its QR -->\r\n");
    let now = at(9, 1);
    let c = ledger
        .claim(doc.document_id, "w", now, now + Duration::minutes(1))
        .unwrap()
        .unwrap();
    ledger
        .record_attempt(
            doc.document_id,
            &Attempt {
                worker: Some("w".to_owned()),
                route: c.route(),
                endpoint: "/invoices/clearance/single".to_owned(),
                started_at: now,
                duration_ms: 80,
                http_status: Some(200),
                outcome: Outcome::Accepted,
                messages: Vec::new(),
                cleared_xml: Some(cleared.clone()),
                retry_at: None,
            },
        )
        .unwrap();
    assert_eq!(c.route(), Route::Clearance);
    let stored_doc = ledger.document(doc.document_id).unwrap();
    assert_eq!(stored_doc.cleared_xml.as_deref(), Some(&cleared[..]));
    assert_eq!(stored_doc.document_of_record(), &cleared[..]);
    let packed: usize = ledger
        .conn()
        .query_row(
            "SELECT length(cleared_xml) FROM document_bodies WHERE document_id = ?1",
            [doc.document_id],
            |r| r.get::<_, i64>(0),
        )
        .unwrap() as usize;
    assert!(packed < cleared.len(), "{packed} of {}", cleared.len());
}

#[test]
fn each_signing_certificate_has_its_own_dictionary_and_a_rolled_back_one_is_made_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let a = "MIIB".repeat(300);
    let b = "MIIC".repeat(300);
    let a: &'static str = Box::leak(a.into_boxed_str());
    let b: &'static str = Box::leak(b.into_boxed_str());
    // A batch whose second document fails: the dictionary made for the first is rolled back.
    let reqs = [request(device, at(9, 0)), request(device, at(9, 1))];
    type Sign = Box<dyn Fn(&ChainSlot) -> Result<SignedDocument, String>>;
    let signers: [Sign; 2] = [
        Box::new(signed_with(a)),
        Box::new(|_: &ChainSlot| Err("key unavailable".to_owned())),
    ];
    assert!(ledger.issue_many(device, reqs.iter().zip(signers)).is_err());
    let n: i64 = ledger
        .conn()
        .query_row("SELECT count(*) FROM body_dictionaries", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    let first = ledger.issue(&reqs[0], signed_with(a)).unwrap();
    let second = ledger.issue(&reqs[1], signed_with(a)).unwrap();
    let third = ledger
        .issue(&request(device, at(9, 2)), signed_with(b))
        .unwrap();
    let plain = ledger
        .issue(&request(device, at(9, 3)), shaped_signer)
        .unwrap();
    let dicts: Vec<Option<i64>> = [&first, &second, &third, &plain]
        .iter()
        .map(|d| stored(&ledger, d.document_id).1)
        .collect();
    assert_eq!(dicts[0], dicts[1]);
    assert_ne!(dicts[0], dicts[2]);
    assert_ne!(dicts[2], dicts[3]);
    let n: i64 = ledger
        .conn()
        .query_row("SELECT count(*) FROM body_dictionaries", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
    // A reopened ledger reads them all from the books.
    let path = ledger.path().to_path_buf();
    drop(ledger);
    let ledger = Ledger::open(&path).unwrap();
    let report = ledger.verify_chain(device, shaped_check).unwrap();
    assert!(
        report.problems.is_empty() && report.documents == 4,
        "{report:?}"
    );
    // Dictionaries and compressed bodies are sealed.
    for sql in [
        "UPDATE body_dictionaries SET bytes = x'00'",
        "DELETE FROM body_dictionaries",
        "UPDATE document_bodies SET codec = 'raw'",
        "UPDATE document_bodies SET dict = NULL",
    ] {
        assert!(ledger.conn().execute(sql, []).is_err(), "{sql}");
    }
}

/// Books as version 12 wrote them: bodies stored raw, the QR also in its own column.
#[test]
fn raw_bodies_of_older_books_are_compressed_after_opening_and_read_the_same() {
    let dir = support::scratch();
    let path = dir.path().join("books.sanad");
    let (mut ledger, device) = setup(&path);
    let mut req = request(device, at(8, 0));
    req.flow = Flow::Standard;
    ledger.issue(&req, shaped_for(&req)).unwrap();
    for i in 0..1200 {
        ledger
            .issue(
                &request(device, at(9, 0) + Duration::seconds(i)),
                if i % 100 == 0 {
                    support::sign
                } else {
                    shaped_signer
                },
            )
            .unwrap();
    }
    let before: Vec<Vec<u8>> = (1..=1201)
        .map(|id| ledger.document(id).unwrap().signed_xml)
        .collect();
    drop(ledger);
    // Make the bodies raw again, as version 12 stored them, and mark the books version 12.
    {
        let raw = rusqlite::Connection::open(&path).unwrap();
        raw.execute_batch(
            "PRAGMA foreign_keys = OFF; DROP TRIGGER document_bodies_sealed; DROP TRIGGER document_bodies_cleared_once;
             DROP INDEX document_bodies_raw;
             ALTER TABLE document_bodies RENAME TO old_bodies;
             CREATE TABLE document_bodies (
                 document_id  INTEGER PRIMARY KEY REFERENCES documents (id),
                 signed_xml   BLOB NOT NULL,
                 cleared_xml  BLOB
             ) STRICT;
             CREATE TRIGGER document_bodies_sealed BEFORE UPDATE OF document_id, signed_xml
             ON document_bodies BEGIN
                 SELECT RAISE(ABORT, 'a signed document is never changed');
             END;
             CREATE TRIGGER document_bodies_cleared_once BEFORE UPDATE OF cleared_xml
             ON document_bodies WHEN old.cleared_xml IS NOT NULL BEGIN
                 SELECT RAISE(ABORT, 'cleared bytes are stored once');
             END;
             DROP TRIGGER body_dictionaries_kept; DROP TABLE body_dictionaries;
             ALTER TABLE documents ADD COLUMN qr TEXT NOT NULL DEFAULT 'q';
             DROP INDEX submissions_started;
             ALTER TABLE customers DROP COLUMN kind; ALTER TABLE customers DROP COLUMN id_scheme;
             ALTER TABLE customers DROP COLUMN additional_street;
             ALTER TABLE customers DROP COLUMN additional_number;
             ALTER TABLE customers DROP COLUMN region;
             PRAGMA user_version = 12;",
        )
        .unwrap();
        let mut put = raw
            .prepare("INSERT INTO document_bodies (document_id, signed_xml) VALUES (?1, ?2)")
            .unwrap();
        for (i, body) in before.iter().enumerate() {
            put.execute(rusqlite::params![i as i64 + 1, body]).unwrap();
        }
        drop(put);
        raw.execute_batch("DROP TABLE old_bodies;").unwrap();
    }
    let mut ledger = Ledger::open(&path).unwrap();
    assert_eq!(
        ledger.compact_bodies().unwrap(),
        0,
        "all compressed at open"
    );
    for (i, body) in before.iter().enumerate() {
        let id = i as i64 + 1;
        assert!(
            ledger.document(id).unwrap().signed_xml == *body,
            "document {id}"
        );
        assert_eq!(stored(&ledger, id).0, Codec::Zstd);
    }
    let report = ledger
        .verify_chain(device, |link| {
            if before[(link.icv - 1) as usize] == link.signed_xml {
                Ok(())
            } else {
                Err("bytes changed".to_owned())
            }
        })
        .unwrap();
    assert!(
        report.problems.is_empty() && report.documents == 1201,
        "{report:?}"
    );
}
