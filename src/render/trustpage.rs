//! The public trust pack: the trust page (Markdown, HTML or JSON) and its `security.txt`.
//!
//! The page joins `trust/*.yaml` (profile, frameworks, roadmap, sub-processors, commitments,
//! incident response, disclosure, documents, contacts) with the control matrix (controls by
//! category, shared responsibility, the controls behind each commitment).

mod views;

pub use views::*;

use jiff::civil::Date;

use super::{DocumentFormat, EvidenceView, Header, RenderError};
use crate::assessment::{Assessment, ControlAssessment, RoadmapAssessment, Verdict};
use crate::model::trustpage::{
    Commitment, CommitmentArea, DataProtection, Disclosure, IncidentResponse, PageSection, Profile,
    RoadmapItem, Subprocessor, Subprocessors, Visibility,
};
use crate::workspace::Workspace;

/// Build the trust pack of `ws` from its assessment.
pub fn build(ws: &Workspace, assessment: &Assessment) -> TrustPack {
    let today = assessment.date;
    let org = &ws.config.organisation.name;
    let profile: Profile =
        first(ws, |t| t.profile.as_ref().map(|p| p.value.clone())).unwrap_or_default();
    let disclosure = first(ws, |t| t.disclosure.as_ref().map(|d| d.value.clone()));
    let last_updated = profile.last_updated.unwrap_or(today);
    let security_txt = disclosure
        .as_ref()
        .map(|d| security_txt(ws, d, profile.url.as_deref(), today));
    let mut pack = TrustPack {
        header: Header::new(ws, "Trust and security", None, today).into(),
        on_request: Vec::new(),
        profile: ProfileView {
            headline: profile
                .headline
                .clone()
                .unwrap_or_else(|| format!("Trust and security at {org}")),
            overview: profile
                .overview
                .as_deref()
                .map(super::paragraphs)
                .unwrap_or_default(),
            url: profile.url.clone(),
            disclaimer: profile.disclaimer.clone(),
        },
        frameworks: frameworks(ws),
        roadmap: all(ws, |t| &t.roadmap)
            .zip(&assessment.roadmap)
            .map(|(item, assessed)| roadmap_view(item, assessed))
            .collect(),
        controls_by_category: categories(ws, assessment),
        shared_responsibility: shared_responsibility(ws),
        subprocessors: first(ws, |t| {
            t.subprocessors
                .as_ref()
                .map(|s| subprocessors(ws, &s.value))
        }),
        data_protection: first(ws, |t| {
            t.data_protection
                .as_ref()
                .map(|d| data_protection(&d.value))
        }),
        commitments: commitments(ws, assessment),
        incident_response: first(ws, |t| {
            t.incident_response.as_ref().map(|i| incident(&i.value))
        }),
        disclosure: disclosure.map(|d| DisclosureView {
            contact_uri: contact_uri(&d.contact),
            disclosure: d,
        }),
        documents: all(ws, |t| &t.documents)
            .map(|d| DocumentView {
                title: d.title.clone(),
                description: d.description.clone(),
                availability: if d.confidential {
                    "on-request"
                } else {
                    "public"
                },
                path: if d.confidential { None } else { d.path.clone() },
            })
            .collect(),
        contacts: all(ws, |t| &t.contacts).cloned().collect(),
        changes: changes(ws),
        last_updated,
        security_txt,
    };
    apply_section_visibility(ws, &mut pack);
    pack
}

/// Leave out what `page: sections:` keeps off the public page: an internal section entirely,
/// an on-request one except for its name in `on_request`.
fn apply_section_visibility(ws: &Workspace, pack: &mut TrustPack) {
    let settings = first(ws, |t| t.page.as_ref().map(|p| p.value.clone())).unwrap_or_default();
    for section in PageSection::ALL {
        let visibility = settings.sections.get(&section).copied().unwrap_or_default();
        if visibility == Visibility::Public {
            continue;
        }
        let had_content = clear_section(pack, section);
        if visibility == Visibility::OnRequest && had_content {
            pack.on_request.push(section.label());
        }
    }
}

/// Empty a section of the pack; whether it held anything.
fn clear_section(pack: &mut TrustPack, section: PageSection) -> bool {
    fn take<T>(v: &mut Vec<T>) -> bool {
        let had = !v.is_empty();
        v.clear();
        had
    }
    match section {
        PageSection::Frameworks => take(&mut pack.frameworks),
        PageSection::Roadmap => take(&mut pack.roadmap),
        PageSection::Controls => take(&mut pack.controls_by_category),
        PageSection::SharedResponsibility => take(&mut pack.shared_responsibility),
        PageSection::Subprocessors => pack.subprocessors.take().is_some(),
        PageSection::DataProtection => pack.data_protection.take().is_some(),
        PageSection::Commitments => take(&mut pack.commitments),
        PageSection::IncidentResponse => pack.incident_response.take().is_some(),
        PageSection::Disclosure => pack.disclosure.take().is_some(),
        PageSection::Documents => take(&mut pack.documents),
        PageSection::Contacts => take(&mut pack.contacts),
    }
}

/// Render the trust page in `format`.
pub fn render(
    ws: &Workspace,
    assessment: &Assessment,
    format: DocumentFormat,
) -> Result<String, RenderError> {
    let pack = build(ws, assessment);
    let areas: Vec<_> = CommitmentArea::ALL
        .iter()
        .map(|a| {
            let id = minijinja::Value::from(minijinja::value::Serde(a));
            minijinja::context! { id => id, label => a.label() }
        })
        .collect();
    let context = |pack: &TrustPack| {
        let pack = minijinja::Value::from(minijinja::value::Serde(pack));
        minijinja::context! { pack => pack, areas => areas }
    };
    super::document(ws, &pack, format, "trust-pack", || context(&pack))
}

/// The first file's value of a one-of section.
fn first<T>(ws: &Workspace, get: impl Fn(&crate::model::TrustFile) -> Option<T>) -> Option<T> {
    ws.trust.iter().find_map(|t| get(&t.value))
}

/// A list section, joined across files in file order.
fn all<'a, T: 'a>(
    ws: &'a Workspace,
    get: impl Fn(&'a crate::model::TrustFile) -> &'a Vec<T> + 'a,
) -> impl Iterator<Item = &'a T> + 'a {
    ws.trust.iter().flat_map(move |t| get(&t.value).iter())
}

fn frameworks(ws: &Workspace) -> Vec<FrameworkGroup> {
    let mut groups: Vec<FrameworkGroup> = Vec::new();
    for f in all(ws, |t| &t.frameworks) {
        let catalog = f.catalog.as_ref().and_then(|c| ws.catalogs.get(c));
        let view = FrameworkView {
            framework: f.clone(),
            catalog_name: catalog.map(super::catalog_label),
            assessed: f.catalog.as_ref().is_some_and(|c| ws.config.in_scope(c)),
        };
        match groups.iter_mut().find(|g| g.group == f.group) {
            Some(g) => g.frameworks.push(view),
            None => groups.push(FrameworkGroup {
                group: f.group.clone(),
                frameworks: vec![view],
            }),
        }
    }
    groups
}

fn changes(ws: &Workspace) -> Vec<ChangeView> {
    let mut out: Vec<ChangeView> = all(ws, |t| &t.changelog)
        .map(|c| ChangeView {
            kind_label: c.kind.label(),
            change: c.clone(),
        })
        .collect();
    out.sort_by_key(|c| std::cmp::Reverse(c.change.date));
    out
}

fn roadmap_view(item: &RoadmapItem, assessed: &RoadmapAssessment) -> RoadmapView {
    RoadmapView {
        item: item.item.clone(),
        status: item.status,
        status_label: item
            .label
            .clone()
            .unwrap_or_else(|| item.status.label().to_string()),
        target: item
            .target_label
            .clone()
            .or_else(|| assessed.target.clone()),
        target_date: assessed.target_last_day,
        target_passed: assessed.target_passed,
        claim: assessed.claim.clone(),
        note: item.note.clone(),
    }
}

/// Controls with a `category`, grouped in order of first appearance.
fn categories(ws: &Workspace, assessment: &Assessment) -> Vec<Category> {
    let mut out: Vec<Category> = Vec::new();
    for (i, control) in ws.controls().enumerate() {
        let Some(category) = &control.category else {
            continue;
        };
        if control.visibility == Visibility::Internal {
            continue;
        }
        let view = control_view(ws, assessment, i);
        match out.iter_mut().find(|c| &c.category == category) {
            Some(c) => c.controls.push(view),
            None => out.push(Category {
                category: category.clone(),
                controls: vec![view],
            }),
        }
    }
    out
}

fn control_view(ws: &Workspace, assessment: &Assessment, index: usize) -> ControlView {
    let control = &ws.controls[index].control;
    let assessed = &assessment.controls[index];
    let on_request = control.visibility == Visibility::OnRequest;
    let (statement, details) = match (&control.public_statement, &control.description) {
        _ if on_request => (None, None),
        // A commitment on the page already says it in these words: say it once.
        (public, description)
            if public
                .as_ref()
                .or(description.as_ref())
                .is_some_and(|text| stated_by_a_commitment(ws, text)) =>
        {
            (None, None)
        }
        (Some(public), Some(full)) if public != full => (Some(public.clone()), Some(full.clone())),
        (Some(public), _) => (Some(public.clone()), None),
        (None, description) => (description.clone(), None),
    };
    ControlView {
        id: control.id.value.clone(),
        title: control.title.clone(),
        statement,
        details,
        on_request,
        status: control.status.value,
        verdict: assessed.verdict,
        status_label: verdict_label(assessed),
        target: assessed.target,
        evidence: if on_request {
            Vec::new()
        } else {
            EvidenceView::of_control(ws, assessment, index)
        },
    }
}

/// Whether a commitment of the page states `text` (ignoring surrounding space).
fn stated_by_a_commitment(ws: &Workspace, text: &str) -> bool {
    all(ws, |t| &t.commitments).any(|c| c.statement.trim() == text.trim())
}

/// How the page labels a control: by its verdict, so a control whose evidence is missing or
/// stale never reads "Implemented".
pub fn verdict_label(assessed: &ControlAssessment) -> String {
    match (assessed.verdict, assessed.verified_on()) {
        (Verdict::Verified, Some(on)) => format!("Verified {on}"),
        (Verdict::Overdue, _) => match assessed.target {
            Some(t) => format!("Overdue (target {t})"),
            None => Verdict::Overdue.label().to_string(),
        },
        (v, _) => v.label().to_string(),
    }
}

/// The shared-responsibility rows that say something: a public control whose responsibility
/// names what the provider does, what the customer owns, or the evidence to review.
fn shared_responsibility(ws: &Workspace) -> Vec<SharedRow> {
    let said = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.trim().is_empty());
    ws.controls()
        .filter(|c| c.visibility == Visibility::Public)
        .filter_map(|c| {
            let r = c.responsibility.as_ref()?;
            if !(said(&r.provider) || said(&r.customer) || said(&r.evidence)) {
                return None;
            }
            Some(SharedRow {
                control: c.id.value.clone(),
                title: c.title.clone(),
                owner: r.owner,
                provider: r.provider.clone(),
                customer: r.customer.clone(),
                evidence: r.evidence.clone(),
            })
        })
        .collect()
}

fn data_protection(d: &DataProtection) -> DataProtectionView {
    DataProtectionView {
        role_labels: d.roles.iter().map(|r| r.role.label().to_string()).collect(),
        dpa_label: d.dpa.as_ref().map(|dpa| dpa.availability.label()),
        training_sentence: d.training.as_ref().map(|t| {
            t.statement
                .clone()
                .unwrap_or_else(|| t.customer_data.sentence().to_string())
        }),
        data_protection: d.clone(),
    }
}

fn subprocessors(ws: &Workspace, s: &Subprocessors) -> SubprocessorsView {
    SubprocessorsView {
        change_notice_days: s.change_notice_days,
        notice_to: s.notice_to.clone(),
        statement: s.statement.clone(),
        entries: s
            .entries
            .iter()
            .map(|e| subprocessor(ws, &e.value))
            .collect(),
    }
}

fn subprocessor(ws: &Workspace, entry: &Subprocessor) -> SubprocessorView {
    use crate::model::processing::ProcessingRole;
    let activities: Vec<_> = ws
        .processing
        .iter()
        .flat_map(|f| &f.value.activities)
        .filter(|a| a.discloses_to(&entry.name))
        .collect();
    let held_as = |role| activities.iter().any(|a| a.role.value == role);
    let role = match (
        held_as(ProcessingRole::Processor),
        held_as(ProcessingRole::Controller),
    ) {
        (true, true) => Some("Sub-processor of customer data; processor of our own data"),
        (true, false) => Some("Sub-processor of customer data"),
        (false, true) => Some("Processor of our own data"),
        (false, false) => None,
    };
    let mut unsafeguarded_transfers: Vec<String> = activities
        .iter()
        .flat_map(|a| a.transfers_to(&entry.name))
        .filter(|t| t.safeguard.is_none() && !crate::model::processing::is_eea(&t.country))
        .map(|t| t.country.value.clone())
        .collect();
    unsafeguarded_transfers.sort();
    unsafeguarded_transfers.dedup();
    SubprocessorView {
        subprocessor: entry.clone(),
        role,
        unsafeguarded_transfers,
    }
}

fn commitments(ws: &Workspace, assessment: &Assessment) -> Vec<CommitmentView> {
    let mut out: Vec<CommitmentView> = all(ws, |t| &t.commitments)
        .map(|c| commitment(ws, assessment, c))
        .collect();
    // Page order: by area, then as written.
    out.sort_by_key(|c| c.area);
    out
}

fn commitment(ws: &Workspace, assessment: &Assessment, c: &Commitment) -> CommitmentView {
    CommitmentView {
        area: c.area,
        area_label: c.area.label(),
        title: c.title.clone(),
        statement: c.statement.clone(),
        controls: c
            .controls
            .iter()
            .filter(|id| {
                // An internal control backs the commitment without being named on the page.
                ws.control(&id.value)
                    .is_none_or(|k| k.control.visibility != Visibility::Internal)
            })
            .map(|id| {
                let control = ws.control(&id.value).map(|l| &l.control);
                ControlRef {
                    id: id.value.clone(),
                    title: control.map(|k| k.title.clone()),
                    status: control.map(|k| k.status.value),
                    verdict: assessment.verdict_of(&id.value),
                }
            })
            .collect(),
    }
}

fn incident(i: &IncidentResponse) -> IncidentView {
    IncidentView {
        timings: i
            .notifications
            .iter()
            .map(|n| match (n.within_hours, &n.timing) {
                (Some(h), _) => format!("within {h} hours"),
                (None, Some(t)) => t.clone(),
                (None, None) => "as required".to_string(),
            })
            .collect(),
        incident: i.clone(),
    }
}

/// `security@example.com` → `mailto:security@example.com`; URIs are kept.
pub fn contact_uri(contact: &str) -> String {
    let c = contact.trim();
    if c.contains("://") || c.starts_with("mailto:") || c.starts_with("tel:") {
        c.to_string()
    } else if c.contains('@') {
        format!("mailto:{c}")
    } else {
        c.to_string()
    }
}

/// security.txt (RFC 9116): Contact and Expires are required. Expires defaults to 180 days after
/// the generation date: the RFC recommends less than a year, so that a forgotten file lapses
/// rather than lingers. Canonical is where the file is published: the `.well-known` path of the
/// trust page's site.
pub fn security_txt(ws: &Workspace, d: &Disclosure, page_url: Option<&str>, today: Date) -> String {
    let expires = d
        .expires
        .unwrap_or_else(|| crate::model::Period::days(180).after(today));
    let mut out = format!(
        "# security.txt for {} (RFC 9116), generated by evidence from trust/\n",
        ws.config.organisation.name
    );
    out.push_str(&format!("Contact: {}\n", contact_uri(&d.contact)));
    out.push_str(&format!("Expires: {expires}T00:00:00.000Z\n"));
    if let Some(canonical) = page_url.and_then(canonical_security_txt) {
        out.push_str(&format!("Canonical: {canonical}\n"));
    }
    if !d.preferred_languages.is_empty() {
        out.push_str(&format!(
            "Preferred-Languages: {}\n",
            d.preferred_languages.join(", ")
        ));
    }
    if let Some(policy) = d.policy_url.as_deref().or(page_url) {
        out.push_str(&format!("Policy: {policy}\n"));
    }
    out
}

/// `https://example.com/trust` → `https://example.com/.well-known/security.txt` (RFC 9116 §3:
/// the file lives at the site's `/.well-known/`). Only https URLs qualify.
fn canonical_security_txt(page_url: &str) -> Option<String> {
    let rest = page_url.trim().strip_prefix("https://")?;
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .filter(|h| !h.is_empty())?;
    Some(format!("https://{host}/.well-known/security.txt"))
}

#[cfg(test)]
mod tests {
    use super::canonical_security_txt;

    #[test]
    fn canonical_is_the_sites_well_known_path() {
        assert_eq!(
            canonical_security_txt("https://clustralai.com/trust").as_deref(),
            Some("https://clustralai.com/.well-known/security.txt")
        );
        assert_eq!(
            canonical_security_txt("https://example.org").as_deref(),
            Some("https://example.org/.well-known/security.txt")
        );
        assert_eq!(
            canonical_security_txt("http://insecure.example/trust"),
            None
        );
        assert_eq!(canonical_security_txt("https:///nohost"), None);
    }
}
