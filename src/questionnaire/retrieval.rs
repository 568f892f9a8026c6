//! Lexical retrieval: which controls a question is about, by BM25 over their text.
//!
//! No language model and no network: the same question and matrix give the same answer on every
//! machine. Text is tokenised (letters and digits), lowercased, stripped of stop words
//! (including questionnaire boilerplate such as "established, documented, approved") and lightly
//! stemmed, so that "encrypted", "encryption" and "encrypting" meet. A few security acronyms
//! are expanded both in questions and in controls ("MFA" ↔ "multi-factor authentication").
//!
//! BM25 scores are unbounded; the confidence reported is the score divided by the score the
//! question would get if a document contained each of its terms once at average length, capped
//! at 1. It reads as "how much of the question's distinctive wording the control explains".

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// BM25 term-frequency saturation and length normalisation (the usual defaults).
const K1: f64 = 1.2;
const B: f64 = 0.75;

#[derive(Debug, Clone)]
pub struct Index {
    docs: Vec<Doc>,
    /// In how many documents each term occurs.
    document_frequency: BTreeMap<String, usize>,
    average_length: f64,
}

#[derive(Debug, Clone)]
struct Doc {
    term_frequency: BTreeMap<String, u32>,
    length: usize,
    /// The terms of the document's title and tags: what it is about.
    title_terms: BTreeSet<String>,
}

/// A document that matches a query, with the confidence of the match in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub doc: usize,
    /// The share of the query's distinctive weight the document explains (see the module
    /// documentation).
    pub confidence: f64,
    /// The share of the query's distinctive weight found in the document's title or tags.
    pub title_coverage: f64,
    /// The same for the question's context (section, domain, control title of the sheet).
    pub context_title_coverage: f64,
    /// The share of the query's weight in words no document has: what the question is about
    /// may be something the matrix never mentions ("Do you sell data?").
    pub unknown_share: f64,
}

impl Index {
    /// Index documents given as their text; hits refer to them by position.
    pub fn new<S: AsRef<str>>(texts: &[S]) -> Self {
        Self::with_titles(texts, &[] as &[&str])
    }

    /// Index documents with their titles (and tags), which say what each is about.
    pub fn with_titles<S: AsRef<str>, T: AsRef<str>>(texts: &[S], titles: &[T]) -> Self {
        let docs: Vec<Doc> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let tokens = tokens(text.as_ref());
                let mut term_frequency = BTreeMap::new();
                for t in &tokens {
                    *term_frequency.entry(t.clone()).or_insert(0) += 1;
                }
                Doc {
                    term_frequency,
                    length: tokens.len(),
                    title_terms: titles
                        .get(i)
                        .map(|t| tokens_of(t.as_ref()))
                        .unwrap_or_default(),
                }
            })
            .collect();
        let mut document_frequency = BTreeMap::new();
        for doc in &docs {
            for term in doc.term_frequency.keys() {
                *document_frequency.entry(term.clone()).or_insert(0) += 1;
            }
        }
        let total: usize = docs.iter().map(|d| d.length).sum();
        let average_length = if docs.is_empty() {
            1.0
        } else {
            (as_f64(total) / as_f64(docs.len())).max(1.0)
        };
        Self {
            docs,
            document_frequency,
            average_length,
        }
    }

    /// Documents matching `query`, best first by BM25 (ties by position, so results are stable),
    /// each with its confidence.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        self.search_in_context(query, "")
    }

    /// Documents matching `query`, ranked by BM25 over the query's terms plus half the score of
    /// the `context` (a section heading, a domain, the sheet's control title) for terms the
    /// query does not have. Confidence is judged on the query's own terms.
    pub fn search_in_context(&self, query: &str, context: &str) -> Vec<Hit> {
        let terms: BTreeSet<String> = tokens(query).into_iter().collect();
        let context_terms: BTreeSet<String> = tokens(context)
            .into_iter()
            .filter(|t| !terms.contains(t))
            .collect();
        let ceiling: f64 = terms.iter().map(|t| self.idf(t)).sum();
        if ceiling <= 0.0 {
            return Vec::new();
        }
        let context_ceiling: f64 = context_terms.iter().map(|t| self.idf(t)).sum();
        let unknown: f64 = terms
            .iter()
            .filter(|t| !self.document_frequency.contains_key(*t))
            .map(|t| self.idf(t))
            .sum();
        let unknown_share = unknown / ceiling;
        // One distinctive word is too little to know what is asked ("exceptions to policy").
        let specificity = if terms.len() < 2 { 0.5 } else { 1.0 };
        let mut scored: Vec<(f64, Hit)> = self
            .docs
            .iter()
            .enumerate()
            .map(|(i, doc)| {
                let (score, covered) = self.score(doc, &terms);
                let (context_score, _) = self.score(doc, &context_terms);
                let confidence = (covered / ceiling * specificity).min(1.0);
                let in_title = |set: &BTreeSet<String>, ceiling: f64| {
                    if ceiling <= 0.0 {
                        return 0.0;
                    }
                    set.iter()
                        .filter(|t| doc.title_terms.contains(*t))
                        .map(|t| self.idf(t))
                        .sum::<f64>()
                        / ceiling
                };
                let hit = Hit {
                    doc: i,
                    confidence,
                    title_coverage: in_title(&terms, ceiling),
                    context_title_coverage: in_title(&context_terms, context_ceiling),
                    unknown_share,
                };
                (score + 0.5 * context_score, score, hit)
            })
            .filter(|(_, score, _)| *score > 0.0)
            .map(|(rank, _, hit)| (rank, hit))
            .collect();
        scored.sort_by(|(a, x), (b, y)| b.total_cmp(a).then(x.doc.cmp(&y.doc)));
        scored.into_iter().map(|(_, hit)| hit).collect()
    }

    /// The inverse document frequency of `term` (see [`Index::idf`]), for callers weighing a
    /// question's words.
    pub fn weight(&self, term: &str) -> f64 {
        self.idf(term)
    }

    /// The BM25 score, and the share of the query's weight the document explains: each term
    /// counts up to its idf, reached by one occurrence in a document of average length, so
    /// repeating a word in a long description cannot make up for words that are missing.
    fn score(&self, doc: &Doc, terms: &BTreeSet<String>) -> (f64, f64) {
        let length_norm = 1.0 - B + B * as_f64(doc.length) / self.average_length;
        let mut score = 0.0;
        let mut covered = 0.0;
        for (term, tf) in terms
            .iter()
            .filter_map(|t| doc.term_frequency.get(t).map(|&tf| (t, f64::from(tf))))
        {
            let saturation = tf * (K1 + 1.0) / (tf + K1 * length_norm);
            let idf = self.idf(term);
            score += idf * saturation;
            covered += idf * saturation.min(1.0);
        }
        (score, covered)
    }

    /// BM25's inverse document frequency, always positive. A term no document has gets the
    /// highest weight: a question about something the matrix never mentions should score low.
    fn idf(&self, term: &str) -> f64 {
        let n = as_f64(self.docs.len());
        let df = as_f64(self.document_frequency.get(term).copied().unwrap_or(0));
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }
}

#[allow(clippy::cast_precision_loss)] // counts of words and documents are far below 2^53
fn as_f64(n: usize) -> f64 {
    n as f64
}

/// The distinct terms of `text`.
pub fn tokens_of(text: &str) -> BTreeSet<String> {
    tokens(text).into_iter().collect()
}

/// The terms of `text`: lowercased words, stop words dropped, stemmed, acronyms expanded.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        if let Some(expansion) = expand_acronym(&word) {
            out.extend(expansion.iter().map(|w| stem(w)));
            continue;
        }
        if word.chars().count() < 2 || is_stop_word(&word) {
            continue;
        }
        let stemmed = stem(&word);
        if !is_stop_word(&stemmed) {
            out.push(stemmed);
        }
    }
    out
}

/// Security acronyms, spelled out so that either form finds the other.
fn expand_acronym(word: &str) -> Option<&'static [&'static str]> {
    Some(match word {
        "mfa" | "2fa" => &["multi", "factor", "authentication"],
        "sso" => &["single", "sign"],
        "pii" => &["personal", "data"],
        "dlp" => &["data", "loss", "prevention"],
        "bcp" => &["business", "continuity"],
        "drp" => &["disaster", "recovery"],
        "siem" => &["security", "event", "monitoring"],
        "sdlc" => &["software", "development", "lifecycle"],
        "pentest" | "pentests" => &["penetration", "test"],
        "rbac" => &["role", "access"],
        "kms" => &["key", "management"],
        "byod" => &["personal", "device"],
        "dpa" => &["data", "processing", "agreement"],
        "vuln" | "vulns" => &["vulnerability"],
        "tls" | "ssl" | "https" => &["tls", "encryption", "transit"],
        "ml" => &["machine", "learning"],
        "scc" | "sccs" => &["standard", "contractual", "clauses"],
        "iam" => &["identity", "access"],
        "bia" => &["business", "impact"],
        "dr" => &["disaster", "recovery"],
        "bc" => &["business", "continuity"],
        "edr" | "antivirus" | "av" => &["endpoint", "malware"],
        "waf" => &["web", "application", "firewall"],
        "vpn" => &["network", "remote"],
        _ => return None,
    })
}

fn is_stop_word(word: &str) -> bool {
    static STOP: OnceLock<BTreeSet<String>> = OnceLock::new();
    STOP.get_or_init(|| {
        STOP_WORDS
            .split_whitespace()
            .flat_map(|w| [w.to_string(), stem(w)])
            .collect()
    })
    .contains(word)
}

/// English function words, and the boilerplate of security questionnaires, which says nothing
/// about the topic ("Are policies and procedures established, documented, approved,
/// communicated, applied, evaluated and maintained?").
const STOP_WORDS: &str = "
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing done during each either etc for
from further had has have having here how however i if in into is it its itself just may
might more most must no nor not of off on once only or other our ours out over own per same
shall should so some such than that the their them then there these they this those through
to too under until up upon us very via was we were what when where whether which while who
whom why will with within without would yes you your yours never none cannot
organization organisation organizational organisational company companies csp csc cloud
service services provider providers vendor supplier customer customers
keep keeps kept take takes taken use uses used using perform performs performed carry carried out
policy policies procedure procedures process processes establish established document
documented approve approved communicate communicated apply applied evaluate evaluated
maintain maintained implement implemented review reviewed update updated least annual
annually periodically regular regularly ensure ensured define defined defining appropriate
relevant accordance according including include includes based manner place practice
practices program programme plan plans applicable necessary required requirement
requirements measure measures mechanism mechanisms capability capabilities
describe describes explain explains
";

/// A light suffix stripper in the spirit of Porter's step 1 and 2, enough to make inflections
/// and common derivations of one word meet ("rotated", "rotation" → "rotat"). It never leaves
/// fewer than three letters.
pub fn stem(word: &str) -> String {
    let stemmed = stem_word(word);
    synonym(&stemmed).map_or(stemmed, str::to_string)
}

/// Words of one concept that stemming cannot join, folded onto one term.
fn synonym(stem: &str) -> Option<&'static str> {
    Some(match stem {
        "retent" => "retain",
        "eras" | "erasur" | "purg" => "delet",
        "employe" | "personnel" | "workforc" | "staff" => "staff",
        "offboard" | "leaver" | "deprovision" => "leaver",
        "vet" | "screen" => "screen",
        "centralis" | "centraliz" => "central",
        "mfa" => "multi",
        "pentest" => "penetrat",
        "bounty" => "disclosur",
        "institut" => "customer",
        "client" => "customer",
        _ => return None,
    })
}

fn stem_word(word: &str) -> String {
    let mut w = word.to_string();
    if w.chars().count() <= 3 || !w.is_ascii() {
        return w;
    }
    // -ise/-ize and their inflections and nouns meet at the root: "minimise", "minimised",
    // "minimisation" → "minim".
    for suffix in [
        "isations", "izations", "isation", "ization", "ising", "izing", "ised", "ized", "ises",
        "izes", "ise", "ize",
    ] {
        if let Some(rest) = w.strip_suffix(suffix)
            && rest.len() >= 4
        {
            return rest.to_string();
        }
    }
    strip_plural(&mut w);
    strip_inflection(&mut w);
    strip_derivation(&mut w);
    if w.len() > 4 && w.ends_with('e') {
        w.pop();
    }
    w
}

fn strip_plural(w: &mut String) {
    if w.ends_with("ies") && w.len() > 4 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !(w.ends_with("ss") || w.ends_with("us") || w.ends_with("is")) {
        w.pop();
    }
}

fn strip_inflection(w: &mut String) {
    for suffix in ["ing", "ed"] {
        if let Some(rest) = w.strip_suffix(suffix)
            && rest.len() >= 3
            && rest.chars().any(is_vowel)
        {
            w.truncate(rest.len());
            undouble(w);
            return;
        }
    }
}

/// "logg" → "log", "plann" → "plan"; but "access", "install", "buzz" keep their pair.
fn undouble(w: &mut String) {
    let bytes = w.as_bytes();
    let n = bytes.len();
    if n >= 2 && bytes[n - 1] == bytes[n - 2] && !matches!(bytes[n - 1], b'l' | b's' | b'z') {
        w.pop();
    }
}

fn strip_derivation(w: &mut String) {
    const RULES: &[(&str, &str)] = &[
        ("ational", "ate"),
        ("ization", "ize"),
        ("isation", "ize"),
        ("ation", "ate"),
        ("ition", "it"),
        ("ion", ""),
        ("ment", ""),
        ("ness", ""),
        ("ity", ""),
        ("al", ""),
        ("ly", ""),
        ("er", ""),
    ];
    for (suffix, replacement) in RULES {
        if let Some(rest) = w.strip_suffix(suffix) {
            if rest.len() >= 3 {
                let stem = format!("{rest}{replacement}");
                *w = stem;
            }
            return;
        }
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_and_derivations_meet() {
        for group in [
            &["encrypt", "encrypted", "encryption", "encrypting"][..],
            &["rotate", "rotated", "rotation", "rotating"],
            &["log", "logs", "logging", "logged"],
            &["vulnerability", "vulnerabilities"],
            &["manage", "managed", "management"],
            &["authenticate", "authenticated", "authentication"],
            &["restore", "restored", "restoring", "restores"],
            &["access", "accesses", "accessed"],
        ] {
            let stems: BTreeSet<String> = group.iter().map(|w| stem(w)).collect();
            assert_eq!(stems.len(), 1, "{group:?} → {stems:?}");
        }
    }

    #[test]
    fn boilerplate_and_stop_words_vanish() {
        assert_eq!(
            tokens("Are audit policies established, documented, approved and maintained?"),
            vec!["audit"]
        );
    }

    #[test]
    fn acronyms_meet_their_spelling() {
        let index = Index::new(&["Multi-factor authentication for administrators", "Backups"]);
        let hits = index.search("Is MFA enforced?");
        assert_eq!(hits[0].doc, 0);
    }

    #[test]
    fn the_best_document_comes_first_and_confidence_is_bounded() {
        let index = Index::new(&[
            "Encryption at rest: customer data encrypted with AES-256",
            "Backups are taken nightly and restores tested quarterly",
            "Security awareness training for all staff",
        ]);
        let hits = index.search("Is customer data encrypted at rest?");
        assert_eq!(hits[0].doc, 0);
        assert!(hits.iter().all(|h| (0.0..=1.0).contains(&h.confidence)));
        assert!(index.search("Do you have a canteen?").is_empty());
    }
}
