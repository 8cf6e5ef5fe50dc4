//! The trials as FHIR R4 ResearchStudy resources, in a Bundle.

use super::*;
use crate::engine::Screener;
use crate::model::{Status, Trial};

const PHASE_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/research-study-phase";
/// Every trial of this screener studies lupus; SNOMED CT 55464009 is systemic lupus
/// erythematosus.
const CONDITION: &str = "Systemic lupus erythematosus";

/// R4's ResearchStudy status for a registry status. R4 has no "unknown": ClinicalTrials.gov
/// gives it to a study not verified for two years, which the screener does not count as open,
/// so it reads as closed to accrual; the registry's own word stays in an extension.
pub fn status(s: Status) -> &'static str {
    match s {
        Status::Recruiting | Status::EnrollingByInvitation => "active",
        Status::NotYetRecruiting => "approved",
        Status::ActiveNotRecruiting | Status::Unknown => "closed-to-accrual",
        Status::Suspended => "temporarily-closed-to-accrual",
        Status::Terminated => "administratively-completed",
        Status::Completed => "completed",
        Status::Withdrawn => "withdrawn",
    }
}

fn registry_status(s: Status) -> &'static str {
    match s {
        Status::Recruiting => "recruiting",
        Status::NotYetRecruiting => "not_yet_recruiting",
        Status::EnrollingByInvitation => "enrolling_by_invitation",
        Status::ActiveNotRecruiting => "active_not_recruiting",
        Status::Suspended => "suspended",
        Status::Terminated => "terminated",
        Status::Completed => "completed",
        Status::Withdrawn => "withdrawn",
        Status::Unknown => "unknown",
    }
}

/// R4's research-study-phase code for a phase as the registry writes it ("Phase 2a", "Phase
/// 1/2", "Early Phase 1", "Not applicable").
pub fn phase(stored: &str) -> Option<&'static str> {
    let lower = stored.to_ascii_lowercase();
    if lower.starts_with("not applicable") || lower == "n/a" {
        return Some("n-a");
    }
    if lower.starts_with("early phase 1") {
        return Some("early-phase-1");
    }
    let stages: Vec<char> = lower
        .strip_prefix("phase")?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    Some(match stages.as_slice() {
        ['1'] => "phase-1",
        ['1', '2'] => "phase-1-phase-2",
        ['2'] => "phase-2",
        ['2', '3'] => "phase-2-phase-3",
        ['3'] => "phase-3",
        ['4'] => "phase-4",
        _ => return None,
    })
}

/// A FHIR date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    matches!(b.len(), 4 | 7 | 10)
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

fn telecom(c: &crate::model::Contact) -> Vec<Value> {
    let phone = c
        .phone
        .iter()
        .map(|p| json!({"system": "phone", "value": p, "use": "work"}));
    let email = c
        .email
        .iter()
        .map(|e| json!({"system": "email", "value": e, "use": "work"}));
    phone.chain(email).collect()
}

fn study(t: &Trial, languages: &[String]) -> Value {
    let mut contained =
        vec![json!({"resourceType": "Organization", "id": "sponsor", "name": t.sponsor})];
    let mut sites = vec![];
    for (i, site) in t.sites.iter().enumerate() {
        let id = format!("site-{}", i + 1);
        let mut address = json!({"city": site.city, "country": site.country});
        if let Some(r) = &site.region {
            address["state"] = json!(r);
        }
        let mut l = json!({"resourceType": "Location", "id": id, "status": "active", "name": site.name, "address": address});
        if let (Some(lat), Some(lon)) = (site.lat, site.lon) {
            l["position"] = json!({"latitude": lat, "longitude": lon});
        }
        let tel: Vec<Value> = site.contacts.iter().flat_map(telecom).collect();
        if !tel.is_empty() {
            l["telecom"] = json!(tel);
        }
        if !site.contacts.is_empty() {
            let names: Vec<&str> = site.contacts.iter().map(|c| c.name.as_str()).collect();
            l["description"] = json!(format!("Contacts: {}", names.join("; ")));
        }
        sites.push(json!({"reference": format!("#{id}"), "display": site.name}));
        contained.push(l);
    }
    let mut phase_concept = json!({"text": t.phase});
    if let Some(code) = phase(&t.phase) {
        phase_concept["coding"] = json!([{"system": PHASE_SYSTEM, "code": code}]);
    }
    let mut r = json!({
        "resourceType": "ResearchStudy",
        "id": t.id,
        "contained": contained,
        "extension": [{"url": extension_url("registry-status"), "valueCode": registry_status(t.status.value)}],
        "identifier": [{"system": CLINICALTRIALS_GOV, "value": t.id}],
        "title": t.official_title,
        "status": status(t.status.value),
        "phase": phase_concept,
        "condition": [{"coding": [{"system": "http://snomed.info/sct", "code": "55464009", "display": CONDITION}], "text": CONDITION}],
        "relatedArtifact": [{"type": "documentation", "label": "Registry record", "url": t.registry_url}],
        "sponsor": {"reference": "#sponsor", "display": t.sponsor},
        "site": sites,
    });
    put_text(&mut r, "description", &t.summary, languages);
    let contacts: Vec<Value> = t
        .sites
        .iter()
        .flat_map(|s| &s.contacts)
        .map(|c| {
            let mut d = json!({"name": c.name});
            let tel = telecom(c);
            if !tel.is_empty() {
                d["telecom"] = json!(tel);
            }
            d
        })
        .collect();
    if !contacts.is_empty() {
        r["contact"] = json!(contacts);
    }
    let start = t.status.start.as_deref().filter(|d| is_date(d));
    let end = t.status.completion.as_deref().filter(|d| is_date(d));
    if start.is_some() || end.is_some() {
        r["period"] = json!({});
        if let Some(d) = start {
            r["period"]["start"] = json!(d);
        }
        if let Some(d) = end {
            r["period"]["end"] = json!(d);
        }
    }
    r
}

/// Every trial as an R4 ResearchStudy in a Bundle of type `collection`: the NCT id as
/// identifier, title, status, phase, condition, sponsor, and each site as a contained Location
/// with its position and contacts.
pub fn research_studies(s: &Screener) -> Value {
    let entries: Vec<Value> = s
        .trials()
        .map(|t| {
            json!({"fullUrl": format!("{BASE}/ResearchStudy/{}", t.id), "resource": study(&t, s.languages())})
        })
        .collect();
    json!({
        "resourceType": "Bundle",
        "id": "prescreen-studies",
        "identifier": {"system": format!("{BASE}/trials-version"), "value": s.version()},
        "type": "collection",
        "entry": entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_phases_read_as_r4_codes() {
        assert_eq!(phase("Phase 2a"), Some("phase-2"));
        assert_eq!(phase("Phase 1/2"), Some("phase-1-phase-2"));
        assert_eq!(phase("Early Phase 1"), Some("early-phase-1"));
        assert_eq!(phase("Not applicable"), Some("n-a"));
        assert_eq!(phase("Pilot"), None);
        assert!(is_date("2021-05") && is_date("2021-05-30") && !is_date("May 2021"));
    }
}
