//! The submission worker: sends every signed document that is due, one attempt per send, by
//! deadline, never more than one at a time per document, a stuck one never holding back the
//! others (ZATCA accepts ICVs out of order). Credentials refused pause that device's queue (a
//! document is never marked rejected for it); simplified documents are watched against their
//! 24-hour deadline (alerts at 12 h and 20 h, late after 24 h, and still sent); the machine's
//! clock is held against FATOORA's `Date`.
//!
//! A task inside the app, and headless: `sanad-cli worker run [--once]`.

use std::collections::HashSet;
use std::time::Duration;

use futures_util::future::join_all;
use ledger::queue::Lateness;
use ledger::submissions::Outcome;
use serde::Serialize;

use crate::error::{Class, Error};
use crate::events::Event;
use crate::session::Session;
use crate::submit::{self, Sent};

/// A clock more than this far from FATOORA's raises an alert.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(120);

/// How the worker runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Documents taken per round.
    pub batch: u32,
    /// Documents in flight at once.
    pub concurrency: usize,
    /// The pause between rounds when nothing is due.
    pub idle: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            batch: 256,
            concurrency: 16,
            idle: Duration::from_secs(2),
        }
    }
}

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Round {
    /// Documents sent (one attempt each).
    pub sent: usize,
    pub accepted: usize,
    pub rejected: usize,
    /// Sent but to be sent again (throttled, server trouble, no answer, not reached, or
    /// credentials refused: then once the device's CSID is renewed).
    pub retrying: usize,
    /// Stopped for a person (credentials, size, a request problem).
    pub held: usize,
    /// Devices whose queue is paused for their credentials this round.
    pub paused_devices: Vec<String>,
    /// The largest distance seen between this machine's clock and FATOORA's, in seconds.
    pub clock_skew_secs: Option<i64>,
    /// Alerts raised (their codes).
    pub alerts: Vec<String>,
}

fn alert(s: &Session, round: &mut Round, code: &str, en: String, ar: String) {
    s.events.send(Event::Alert {
        code: code.to_owned(),
        en,
        ar,
    });
    round.alerts.push(code.to_owned());
}

fn tally(s: &Session, round: &mut Round, sent: &Sent, device: &str) {
    round.sent += 1;
    match sent.outcome {
        Some(Outcome::Accepted | Outcome::AcceptedWithWarnings | Outcome::Duplicate) => {
            round.accepted += 1;
        }
        Some(Outcome::Rejected) => round.rejected += 1,
        Some(Outcome::Unauthorized) => {
            round.retrying += 1;
            if !round.paused_devices.iter().any(|d| d == device) {
                round.paused_devices.push(device.to_owned());
                alert(
                    s,
                    round,
                    "SANAD-QUEUE-PAUSED",
                    format!(
                        "FATOORA refused {device}'s credentials: its queue is paused until the \
                         CSID is renewed (sanad-cli device renew {device}); nothing was rejected"
                    ),
                    format!(
                        "رفضت منصة فاتورة بيانات اعتماد الجهاز {device}: أُوقف إرسال مستنداته مؤقتًا حتى تُجدَّد شهادته، ولم يُرفض أي مستند"
                    ),
                );
            }
        }
        Some(
            Outcome::BadRequest
            | Outcome::CsrRefused
            | Outcome::TooLarge
            | Outcome::UnexpectedStatus,
        ) => round.held += 1,
        Some(
            Outcome::Throttled
            | Outcome::ServerError
            | Outcome::Unknown
            | Outcome::Malformed
            | Outcome::NotSent
            | Outcome::ClearanceOff,
        ) => round.retrying += 1,
        None => {}
    }
    if let Some(date) = sent.server_date {
        let ours = s.books.clock().now();
        let theirs = chrono::DateTime::<chrono::Utc>::from(date);
        let skew = (ours - theirs).num_seconds();
        if round.clock_skew_secs.is_none_or(|k| skew.abs() > k.abs()) {
            round.clock_skew_secs = Some(skew);
        }
    }
}

/// Sends what is due now, once each, under this worker's claims; returns what happened.
pub async fn run_once(s: &Session, opts: &Options) -> Result<Round, Error> {
    run_as(s, opts, &submit::sender_id()).await
}

/// [`run_once`] under the name `worker` (several workers share the books safely: each document
/// is claimed by one of them at a time).
pub async fn run_as(s: &Session, opts: &Options, worker: &str) -> Result<Round, Error> {
    let mut round = Round::default();
    let now = s.books.clock().now();
    let claimed = s
        .books
        .ledger()
        .claim_next(worker, now, now + submit::CLAIM, opts.batch)?;
    let mut names = std::collections::HashMap::new();
    for c in &claimed {
        if let std::collections::hash_map::Entry::Vacant(e) = names.entry(c.summary.device_id) {
            e.insert(s.books.ledger().device(c.summary.device_id)?.name);
        }
    }
    let mut paused: HashSet<i64> = HashSet::new();
    for chunk in claimed.chunks(opts.concurrency.max(1)) {
        // A device whose credentials were refused in this round: its other documents wait
        // (their claims lapse; the ledger does not hand them out while its queue is paused).
        let todo: Vec<_> = chunk
            .iter()
            .filter(|c| !paused.contains(&c.summary.device_id))
            .collect();
        let results = join_all(todo.iter().map(|c| submit::send(s, c, worker))).await;
        let mut attempts = Vec::new();
        let mut sents = Vec::new();
        for (c, r) in todo.iter().zip(results) {
            match r {
                Ok((attempt, sent)) => {
                    attempts.push((c.summary.id, attempt));
                    sents.push((c.summary.device_id, sent));
                }
                Err(e) if e.class == Class::Local || e.class == Class::BadInput => {
                    alert(s, &mut round, &e.code, e.en.clone(), e.ar.clone());
                }
                Err(e) => return Err(e),
            }
        }
        // Every answer of the chunk in one transaction (one fsync for the lot).
        let statuses = s.books.ledger().record_attempts(&attempts)?;
        for ((device_id, mut sent), status) in sents.into_iter().zip(statuses) {
            sent.status = status;
            let name = names.get(&device_id).cloned().unwrap_or_default();
            if sent.outcome == Some(Outcome::Unauthorized) {
                paused.insert(device_id);
            }
            submit::announce(s, &sent, &name);
            tally(s, &mut round, &sent, &name);
        }
    }
    if let Some(skew) = round.clock_skew_secs
        && skew.unsigned_abs() > MAX_CLOCK_SKEW.as_secs()
    {
        alert(
            s,
            &mut round,
            "SANAD-CLOCK-SKEW",
            format!(
                "this computer's clock is {skew} seconds off FATOORA's: issue times are legal \
                 timestamps; set the clock right (automatic time)"
            ),
            format!(
                "تختلف ساعة هذا الحاسوب عن ساعة منصة فاتورة بمقدار {skew} ثانية، ووقت الإصدار المدوَّن في كل مستند يُعتدّ به نظامًا؛ فاضبط الساعة على الضبط التلقائي للوقت"
            ),
        );
    }
    deadlines(s, &mut round)?;
    Ok(round)
}

/// Alerts for simplified documents not yet reported: 12 h, 20 h, and late after 24 h.
fn deadlines(s: &Session, round: &mut Round) -> Result<(), Error> {
    let now = s.books.clock().now();
    let late = s.books.ledger().late_reporting(now)?;
    let worst = late.iter().map(|(_, l)| *l).max();
    let count = late.len();
    let oldest = late
        .first()
        .map(|(d, _)| d.number.clone())
        .unwrap_or_default();
    match worst {
        Some(Lateness::Past24h) => alert(
            s,
            round,
            "SANAD-REPORTING-LATE",
            format!(
                "{count} simplified documents are not reported after 24 hours (the oldest {oldest}); \
                 they are still being sent. Check the connection to FATOORA"
            ),
            format!(
                "لم يُبلَّغ عن {count} من المستندات المبسطة بعد مضي 24 ساعة (أقدمها {oldest})؛ وما زال إرسالها مستمرًا. تحقق من الاتصال بمنصة فاتورة"
            ),
        ),
        Some(Lateness::Past20h) => alert(
            s,
            round,
            "SANAD-REPORTING-20H",
            format!(
                "{count} simplified documents have less than 4 hours left to be reported (the oldest {oldest})"
            ),
            format!("بقي أقل من 4 ساعات للإبلاغ عن {count} من المستندات المبسطة (أقدمها {oldest})"),
        ),
        Some(Lateness::Past12h) => alert(
            s,
            round,
            "SANAD-REPORTING-12H",
            format!(
                "{count} simplified documents are waiting more than 12 hours to be reported (the oldest {oldest})"
            ),
            format!(
                "ينتظر {count} من المستندات المبسطة الإبلاغ منذ أكثر من 12 ساعة (أقدمها {oldest})"
            ),
        ),
        None => {}
    }
    Ok(())
}

/// Runs until `stop` resolves: a round, then a pause when nothing was due.
pub async fn run(
    s: &Session,
    opts: &Options,
    stop: impl std::future::Future<Output = ()>,
) -> Result<(), Error> {
    tokio::pin!(stop);
    loop {
        let round = run_once(s, opts).await?;
        if round.sent == 0 || round.retrying == round.sent {
            tokio::select! {
                () = &mut stop => return Ok(()),
                () = tokio::time::sleep(opts.idle) => {}
            }
        } else if futures_util::FutureExt::now_or_never(&mut stop).is_some() {
            return Ok(());
        }
    }
}
