#![forbid(unsafe_code)]
pub mod error;
pub mod source;
pub mod yaml;
