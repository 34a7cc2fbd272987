//! The way to FATOORA from a books: ZATCA's own environment, a configured base URL, or — for
//! practice books — the built-in simulator, started in this process on 127.0.0.1 with its state
//! in the practice folder (so the certificates it issued survive restarts).

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use fatoora::{Client, Language, RetryPolicy, Target};

use crate::books::{Books, BooksEnv};
use crate::error::{Class, Error};

/// How long one clearance waits at the counter before the invoice is left awaiting clearance.
pub const CLEARANCE_TIMEOUT: Duration = Duration::from_secs(8);

/// An open connection to FATOORA (or to the practice simulator).
pub struct Fatoora {
    /// For onboarding and renewal: retries with backoff, identical bytes.
    client: Client,
    /// For submissions: one attempt per send (the worker schedules the next).
    sender: Client,
    base_url: String,
    practice: Option<fatoora_sim::Simulator>,
}

fn client(target: &Target, policy: RetryPolicy) -> Result<Client, Error> {
    Client::new(target, Language::En, policy).map_err(|e| {
        Error::new(
            "SANAD-FATOORA-URL",
            Class::BadInput,
            format!("FATOORA's address is wrong: {e}"),
            "عنوان منصة فاتورة غير صحيح",
        )
        .with_detail(e.to_string())
    })
}

impl Fatoora {
    /// Connects the books to their FATOORA. Practice books start the built-in simulator.
    pub async fn connect(books: &Books) -> Result<Self, Error> {
        let mut practice = None;
        let base_url = match (books.env(), &books.config().fatoora_url) {
            (_, Some(url)) => url.clone(),
            (BooksEnv::Practice, None) => {
                let dir = &books.paths().simulator;
                std::fs::create_dir_all(dir).map_err(|e| {
                    Error::new(
                        "SANAD-IO",
                        Class::Local,
                        format!("{} cannot be created", dir.display()),
                        format!("تعذّر إنشاء المجلد {}", dir.display()),
                    )
                    .with_detail(e.to_string())
                })?;
                let mut cfg = fatoora_sim::SimConfig::new(
                    books.env().zatca(),
                    dir.join("fatoora-sim.sqlite"),
                );
                // Practice hands out its own OTPs ([`Fatoora::practice_otp`]); none is fixed.
                cfg.otps.clear();
                let sim =
                    fatoora_sim::Simulator::start(cfg, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
                        .await
                        .map_err(|e| {
                            Error::new(
                                "SANAD-PRACTICE-START",
                                Class::Local,
                                "the practice simulator could not start",
                                "تعذّر تشغيل المحاكي المدمج لبيئة التدريب",
                            )
                            .with_detail(e.to_string())
                        })?;
                let url = sim.base_url();
                practice = Some(sim);
                url
            }
            (env, None) => env.zatca().base_url(),
        };
        let target = Target::custom(books.env().zatca(), &base_url);
        Ok(Self {
            client: client(&target, RetryPolicy::default())?,
            sender: client(&target, RetryPolicy::single_attempt(CLEARANCE_TIMEOUT))?,
            base_url,
            practice,
        })
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn sender(&self) -> &Client {
        &self.sender
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The practice simulator, when these are practice books.
    pub fn simulator(&self) -> Option<&fatoora_sim::Simulator> {
        self.practice.as_ref()
    }

    /// A fresh OTP from the practice simulator, valid one hour (as the Fatoora portal's are).
    /// `None` outside practice: there a person gets the OTP from the Fatoora portal.
    pub fn practice_otp(&self) -> Result<Option<String>, Error> {
        let Some(sim) = &self.practice else {
            return Ok(None);
        };
        let minted = sim.mint_otp().map_err(|e| {
            Error::new(
                "SANAD-PRACTICE-OTP",
                Class::Local,
                "the practice simulator could not hand out an OTP",
                "تعذّر على المحاكي المدمج إصدار رمز تحقق",
            )
            .with_detail(e.to_string())
        })?;
        let otp = minted.otp;
        Ok(Some(otp))
    }

    /// Stops the practice simulator (if any) after what is in flight.
    pub async fn close(mut self) {
        if let Some(sim) = self.practice.take() {
            sim.stop().await;
        }
    }
}
