#![forbid(unsafe_code)]
pub mod bundle;
pub mod error;
pub mod source;
pub mod yaml;
