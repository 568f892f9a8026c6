//! Canonical JSON: the one byte form a manifest may take.
//!
//! UTF-8, object keys sorted by code point, 2-space indentation, `": "` between key and value,
//! LF line ends and one trailing LF, integers only (within ±(2^53 − 1), so that every JSON tool
//! reads them exactly), and no control characters anywhere. That is what
//! `serde_json::to_string_pretty` writes for a [`Value`] (whose maps are sorted: this crate must
//! never enable serde_json's `preserve_order`), what `jq -S .` writes, and what Python's
//! `json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False)` writes.
//!
//! A manifest is canonical exactly when re-encoding its parsed value gives back its bytes. That
//! one comparison rejects duplicate keys, unsorted keys, other whitespace, escapes such as
//! `\u0041`, exponents and `-0`.

use serde_json::Value;

/// The largest integer every JSON implementation reads exactly (2^53 − 1).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Why a value cannot be written canonically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotCanonical(pub String);

/// Encode `value` canonically, or say why it cannot be.
pub fn encode(value: &Value) -> Result<Vec<u8>, NotCanonical> {
    check_value(value, &|| "$".to_string())?;
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| NotCanonical(format!("cannot encode: {e}")))?;
    text.push('\n');
    Ok(text.into_bytes())
}

/// Parse `bytes` as JSON and require that they are the canonical encoding of what they hold.
///
/// The error distinguishes "not JSON at all" (`Err(Parse)`) from "JSON, but not canonical".
pub fn decode(bytes: &[u8]) -> Result<Value, DecodeError> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| DecodeError::Parse(e.to_string()))?;
    let again = encode(&value).map_err(|NotCanonical(m)| DecodeError::NotCanonical(m))?;
    if again != bytes {
        let at = first_difference(&again, bytes);
        return Err(DecodeError::NotCanonical(format!(
            "the bytes differ from the canonical form from byte {at} on (sorted keys, 2-space \
             indentation, one trailing LF, no duplicate keys, no escapes that are not needed)"
        )));
    }
    Ok(value)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Parse(String),
    NotCanonical(String),
}

fn first_difference(a: &[u8], b: &[u8]) -> usize {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or_else(|| a.len().min(b.len()))
}

/// `at` names where `value` is (`$.files[3].path`); it is only built for a message, since
/// checking a manifest of thousands of entries would otherwise format a path for every value.
fn check_value(value: &Value, at: &dyn Fn() -> String) -> Result<(), NotCanonical> {
    match value {
        Value::Null | Value::Bool(_) => Ok(()),
        Value::Number(n) => {
            let ok = n.as_u64().is_some_and(|v| v <= MAX_SAFE_INTEGER)
                || n.as_i64()
                    .is_some_and(|v| v.unsigned_abs() <= MAX_SAFE_INTEGER);
            if ok {
                Ok(())
            } else {
                Err(NotCanonical(format!(
                    "{}: {n} is not an integer within ±(2^53 - 1)",
                    at()
                )))
            }
        }
        Value::String(s) => check_text(s, at),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| check_value(v, &|| format!("{}[{i}]", at()))),
        Value::Object(map) => map.iter().try_for_each(|(k, v)| {
            check_text(k, at)?;
            check_value(v, &|| format!("{}.{k}", at()))
        }),
    }
}

fn check_text(s: &str, at: &dyn Fn() -> String) -> Result<(), NotCanonical> {
    match s.chars().find(|c| c.is_control()) {
        Some(c) => Err(NotCanonical(format!(
            "{}: control character U+{:04X} is not allowed",
            at(),
            u32::from(c)
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn encoding_sorts_keys_and_ends_with_one_newline() {
        let v = json!({"b": 1, "a": [true, null, "é"], "c": {}, "d": []});
        let text = String::from_utf8(encode(&v).unwrap()).unwrap();
        assert_eq!(
            text,
            "{\n  \"a\": [\n    true,\n    null,\n    \"é\"\n  ],\n  \"b\": 1,\n  \"c\": {},\n  \"d\": []\n}\n"
        );
        assert_eq!(decode(text.as_bytes()).unwrap(), v);
    }

    #[test]
    fn a_value_that_cannot_be_canonical_is_named_by_its_place() {
        let v = json!({"files": [{"path": "a"}, {"path": "b\u{7}"}], "n": 1u64 << 60});
        let NotCanonical(message) = encode(&v).unwrap_err();
        assert_eq!(
            message,
            "$.files[1].path: control character U+0007 is not allowed"
        );
        let NotCanonical(message) = encode(&json!({"n": 1u64 << 60})).unwrap_err();
        assert!(
            message.starts_with("$.n: 1152921504606846976 is not"),
            "{message}"
        );
    }

    #[test]
    fn non_canonical_forms_are_refused() {
        for bad in [
            "{\"a\": 1}\n",                      // one line
            "{\n  \"a\": 1\n}",                  // no trailing LF
            "{\n  \"a\": 1\n}\n\n",              // two
            "{\n  \"b\": 1,\n  \"a\": 1\n}\n",   // unsorted
            "{\n  \"a\": 1,\n  \"a\": 1\n}\n",   // duplicate key
            "{\n  \"a\": \"\\u0041\"\n}\n",      // needless escape
            "{\n  \"a\": 1.0\n}\n",              // float
            "{\n  \"a\": 1e2\n}\n",              // exponent
            "{\n  \"a\": 9007199254740992\n}\n", // 2^53
            "{\n  \"a\": \"\\u0007\"\n}\n",      // control character
            "{\r\n  \"a\": 1\r\n}\r\n",          // CRLF
            "{\n    \"a\": 1\n}\n",              // 4-space indent
        ] {
            assert!(
                matches!(decode(bad.as_bytes()), Err(DecodeError::NotCanonical(_))),
                "accepted {bad:?}"
            );
        }
        assert!(matches!(decode(b"{"), Err(DecodeError::Parse(_))));
        assert!(matches!(
            decode(b"\xef\xbb\xbf{}\n"),
            Err(DecodeError::Parse(_))
        ));
    }
}
