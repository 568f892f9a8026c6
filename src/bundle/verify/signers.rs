//! Which signatures count: each signature file is authenticated against the auditor's trust
//! policy, distinct trusted keys are counted against the threshold, and the count is taken again
//! once the manifest's `created_at` is known, with each key's validity window.

use super::{Head, Signer};
use crate::bundle::code::{Code, Failure, Result};
use crate::bundle::keypolicy::{KeyStatus, TrustPolicy};

/// The signers of a head, and which of them verified under a trusted key.
pub(super) struct Count {
    pub signers: Vec<Signer>,
    /// Indexes into `signers` of the signatures that verified under a trusted, unrevoked key.
    valid: Vec<usize>,
    pub threshold: usize,
}

/// Authenticate the manifest's raw bytes under every signature file: a bad signature under a
/// trusted key's id rejects the bundle; too few valid ones fail the threshold.
pub(super) fn authenticate(head: &Head, trust: Option<&TrustPolicy>) -> Result<Count> {
    let mut signers = Vec::new();
    let mut valid: Vec<usize> = Vec::new();
    for sf in &head.signatures {
        let Some(policy) = trust else {
            signers.push(signer(&sf.keyid, None, "unchecked", None));
            continue;
        };
        match policy.keys.get(&sf.keyid) {
            None => signers.push(signer(&sf.keyid, None, "untrusted", None)),
            Some(tk) if tk.status == KeyStatus::Revoked => signers.push(signer(
                &sf.keyid,
                tk.owner.clone(),
                "revoked",
                Some("the key is revoked; its signature is ignored".into()),
            )),
            Some(tk) => {
                if !tk.key.verify_manifest(&head.manifest, &sf.signature) {
                    return Err(Failure::about(
                        Code::BadSignature,
                        format!("signatures/{}.sig", sf.keyid),
                        format!(
                            "the signature of trusted key {}{} does not verify over manifest.json",
                            sf.keyid,
                            tk.owner
                                .as_deref()
                                .map(|o| format!(" ({o})"))
                                .unwrap_or_default()
                        ),
                    ));
                }
                valid.push(signers.len());
                signers.push(signer(&sf.keyid, tk.owner.clone(), "counted", None));
            }
        }
    }
    let threshold = trust.map_or(0, |p| p.threshold);
    if valid.len() < threshold {
        return Err(threshold_failure(valid.len(), threshold, &signers));
    }
    Ok(Count {
        signers,
        valid,
        threshold,
    })
}

impl Count {
    /// Count again now that the authenticated `created_at` is known: a key outside its validity
    /// window at that time no longer counts.
    pub(super) fn recount_at(
        &mut self,
        trust: Option<&TrustPolicy>,
        created_at: jiff::Timestamp,
    ) -> Result<()> {
        let Some(policy) = trust else {
            return Ok(());
        };
        for &i in &self.valid {
            let s = &mut self.signers[i];
            if let Some(tk) = policy.keys.get(&s.keyid)
                && let Err(why) = tk.vouches_at(created_at)
            {
                s.status = "outside-window";
                s.note = Some(why);
            }
        }
        let counted = self
            .signers
            .iter()
            .filter(|s| s.status == "counted")
            .count();
        if counted < self.threshold {
            return Err(threshold_failure(counted, self.threshold, &self.signers));
        }
        Ok(())
    }
}

fn signer(
    keyid: &str,
    owner: Option<String>,
    status: &'static str,
    note: Option<String>,
) -> Signer {
    Signer {
        keyid: keyid.to_string(),
        owner,
        status,
        note,
    }
}

fn threshold_failure(counted: usize, threshold: usize, signers: &[Signer]) -> Failure {
    let others: Vec<String> = signers
        .iter()
        .filter(|s| s.status != "counted")
        .map(|s| format!("{} ({})", s.keyid, s.note.as_deref().unwrap_or(s.status)))
        .collect();
    let mut message = format!(
        "{counted} distinct trusted key(s) signed, {threshold} required; {} signature file(s) in the bundle",
        signers.len()
    );
    if !others.is_empty() {
        message.push_str(&format!("; not counted: {}", others.join(", ")));
    }
    Failure::about(Code::ThresholdNotMet, "signatures/", message)
}
