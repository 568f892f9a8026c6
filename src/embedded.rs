//! Files compiled into the binary by `build.rs`: built-in catalogs, crosswalks, the baseline
//! control library, the collector library and report templates, each as (path relative to the
//! repository, contents).

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
